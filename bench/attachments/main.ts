// bench/attachments: attachments through the real stack and the real ingest-attachments app (a child
// process, as deployed) with the filesystem blob store. Produces, as the relay stand-in does, 2,000
// standalone attachments of 256 KiB (inline `data`) and 50 of 4 MiB (four 1 MiB `attachment_chunk`
// messages, then the `attachment`), all before the app starts; then prints MB/s and attachments/s from
// the moment the app answers HTTP (its consumer is running by then; anything it finished earlier is
// left out of both the bytes and the time) to the last row, and the ratio to a bare kafkajs consume of
// the same messages in the same run. Needs its own database and Redis db: DATABASE_URL (default
// issuestream_bench_attachments), REDIS_URL (default db 1). BENCH_SMALL / BENCH_LARGE change the counts,
// BENCH_PROFILE_DIR=<dir> writes the app's CPU profile there, BENCH_APP_NODE_ARGS adds flags to the app's node.
// The topic has ingest-attachments' configs and the messages go uncompressed, as the relay stand-in sends them.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adHocTopics, bareConsume, createProducer, provisionTopics, withConfigsOf, type OutgoingMessage } from '@issuestream/kafka';
import { createCodec, type IngestAttachments } from '@issuestream/schemas';
import {
  ATTACHMENT_PROJECT_PER_5_MINUTE_LIMIT, ATTACHMENT_PROJECT_PER_SECOND_LIMIT, createPgPool, migrate, TENANT_MIGRATIONS_TABLE, TenantStore, tenantMigrations,
} from '@issuestream/storage';
import { startApp, uniqueName, waitFor } from '@issuestream/testing';
import { printOutputTails, runBench, stopRun } from '../lib/bench-run';
import { cpuPerItem, cpuSnapshot, kafkaBrokerPid } from '../lib/cpu-usage';

const env = process.env;
const KiB = 1024;
const MiB = 1024 * KiB;
const SMALL = Number(env['BENCH_SMALL'] ?? 2_000);
const LARGE = Number(env['BENCH_LARGE'] ?? 50);
const SMALL_SIZE = 256 * KiB;
const LARGE_SIZE = 4 * MiB;
/** The relay's chunk size (RELAY_ATTACHMENT_CHUNK_SIZE): smaller attachments go inline. */
const CHUNK = MiB;
const APP_PORT = 3690;
const PROFILE_DIR = env['BENCH_PROFILE_DIR'];

const brokers = (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const registryUrl = env['SCHEMA_REGISTRY_URL'] ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
const databaseUrl = env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream_bench_attachments';
const redisUrl = env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/1';
const connection = { brokers, clientId: 'bench-attachments' };

const metricSum = (text: string, name: string) =>
  text.split('\n').filter((line) => line.startsWith(name)).reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
const appMetrics = async () => (await fetch(`http://127.0.0.1:${APP_PORT}/metrics`)).text();

/** The messages of one standalone attachment as the relay stand-in produces them, keyed by the event's 16 bytes. */
function attachmentMessages(projectId: number, size: number, content: Buffer): { key: Buffer; records: IngestAttachments.IngestAttachmentsMessageInput[] } {
  const eventId = randomUUID().replace(/-/g, '');
  return { key: Buffer.from(eventId, 'hex'), records: recordsOf(projectId, eventId, size, content) };
}

function recordsOf(projectId: number, eventId: string, size: number, content: Buffer): IngestAttachments.IngestAttachmentsMessageInput[] {
  const id = randomUUID();
  const info = { id, name: 'screenshot.png', content_type: 'image/png', attachment_type: 'event.attachment', size };
  if (size < CHUNK) return [{ type: 'attachment', event_id: eventId, project_id: projectId, attachment: { ...info, data: content.subarray(0, size) } }];
  const count = Math.ceil(size / CHUNK);
  const chunks = Array.from({ length: count }, (_, i) => ({
    type: 'attachment_chunk' as const, payload: content.subarray(i * CHUNK, Math.min(size, (i + 1) * CHUNK)), event_id: eventId, project_id: projectId, id, chunk_index: i,
  }));
  return [...chunks, { type: 'attachment', event_id: eventId, project_id: projectId, attachment: { ...info, chunks: count } }];
}

async function main(): Promise<void> {
  const codec = createCodec({ registryUrl });
  await codec.registerAll();
  const pool = createPgPool(databaseUrl, { applicationName: 'bench-attachments' });
  await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
  const tenants = new TenantStore(pool);
  // The reference's limits (100/s, 2,000 per 5 minutes per project) would refuse most of the bench.
  await tenants.setGlobalOption(ATTACHMENT_PROJECT_PER_SECOND_LIMIT, 1_000_000);
  await tenants.setGlobalOption(ATTACHMENT_PROJECT_PER_5_MINUTE_LIMIT, 1_000_000);
  const org = await tenants.ensureOrganization({ slug: 'bench' });
  const projectId = (await tenants.createProject({ organizationId: org.id, slug: uniqueName('attachments').replace(/_/g, '-'), platform: 'javascript' })).id;
  const topic = uniqueName('bench_ingest_attachments');
  await provisionTopics(connection, withConfigsOf(adHocTopics(topic, 4), topic, 'ingest-attachments'));
  const clickhouseDir = mkdtempSync(path.join(tmpdir(), 'bench-attachments-ch-'));
  const blobDir = mkdtempSync(path.join(tmpdir(), 'bench-attachments-blobs-'));

  // Screenshots are compressed already: random bytes, which LZ4 cannot shrink either.
  const content = randomBytes(LARGE_SIZE);
  const producer = await createProducer(connection, { uncompressedTopics: [topic] });
  let messages = 0;
  const produceStarted = performance.now();
  const largeEvery = Math.max(1, Math.floor(SMALL / Math.max(1, LARGE)));
  let pending: OutgoingMessage[] = [];
  let large = 0;
  for (let i = 0; i < SMALL; i += 1) {
    const sizes = i % largeEvery === 0 && large < LARGE ? [SMALL_SIZE, LARGE_SIZE] : [SMALL_SIZE];
    if (sizes.length === 2) large += 1;
    for (const size of sizes) {
      const { key, records } = attachmentMessages(projectId, size, content);
      for (const record of records) pending.push({ key, value: await codec.encode('ingest-attachments', record) });
    }
    if (pending.length >= 32 || i === SMALL - 1) {
      await producer.send(topic, pending);
      messages += pending.length;
      pending = [];
    }
  }
  await producer.disconnect();
  const totalBytes = SMALL * SMALL_SIZE + large * LARGE_SIZE;
  const attachments = SMALL + large;
  console.log(
    `attachments: ${SMALL} × 256 KiB inline + ${large} × 4 MiB in 1 MiB chunks = ${attachments} attachments, ${(totalBytes / 1e6).toFixed(0)} MB, ` +
      `${messages} messages, produced in ${((performance.now() - produceStarted) / 1000).toFixed(1)} s (before the app started); topic ${topic}, project ${projectId}`,
  );

  const app = startApp('apps/ingest-attachments/src/main.ts', {
    KAFKA_BROKERS: brokers.join(','), SCHEMA_REGISTRY_URL: registryUrl, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, CLICKHOUSE_PATH: clickhouseDir,
    BLOB_STORE: 'fs', BLOB_STORE_PATH: blobDir, ATTACHMENTS_INGEST_TOPIC: topic, EVENTSTREAM_TOPIC: uniqueName('bench_events'),
    OUTCOMES_TOPIC: uniqueName('bench_outcomes'), KAFKA_GROUP_ID: uniqueName('bench_attachments'), HTTP_HOST: '127.0.0.1', HTTP_PORT: String(APP_PORT),
  }, { nodeArgs: [...(env['BENCH_APP_NODE_ARGS'] ?? '').split(' ').filter((arg) => arg !== ''), ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])] });
  try {
    const died = app.exited.then((code) => Promise.reject(new Error(`ingest-attachments exited (${code}):\n${app.output().slice(-2000)}`)));
    const first = await Promise.race([
      died,
      waitFor(async () => { try { return await appMetrics(); } catch { return undefined; } }, { timeoutMs: 120_000, intervalMs: 10, description: 'the app answering' }),
    ]);
    const started = performance.now();
    const measured = new Map<string, number>([['ingest-attachments', app.child.pid ?? 0], ...kafkaBrokerPid()]);
    const cpuBefore = cpuSnapshot(measured);
    const bytesBefore = metricSum(first, 'issuestream_attachment_bytes_total');
    const doneBefore = metricSum(first, 'issuestream_attachments_total{outcome="accepted"}');
    // Scraped twice a second, not faster: a scrape (process metrics, histograms) costs the app about 1 ms of CPU.
    await Promise.race([
      died,
      waitFor(async () => metricSum(await appMetrics(), 'issuestream_attachments_total{outcome="accepted"}') >= attachments || undefined, {
        timeoutMs: Number(env['BENCH_TIMEOUT_MS'] ?? 600_000), intervalMs: 500, description: `all ${attachments} attachments stored`,
      }),
    ]);
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = cpuSnapshot(measured);
    const text = await appMetrics();
    const bytes = metricSum(text, 'issuestream_attachment_bytes_total') - bytesBefore;
    const done = attachments - doneBefore;
    const stored = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_attachments WHERE project_id = $1`, [projectId]);
    const mbPerSecond = bytes / 1e6 / seconds;
    const rate = messages / seconds;
    console.log(`  ingest-attachments: ${mbPerSecond.toFixed(1)} MB/s, ${Math.round(done / seconds)} attachments/s, ${Math.round(rate)} msg/s (${done} attachments, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(2)} s after the app answered; ${attachments - done} done before; ${stored.rows[0]?.n} rows)`);
    console.log(`  CPU ms per attachment: ${cpuPerItem(cpuBefore, cpuAfter, done)}`);
    const bare = await bareConsume(connection, topic, messages);
    const bareRate = messages / bare.seconds;
    console.log(
      `  bare kafkajs consume of the same ${messages} messages: ${Math.round(bareRate)} msg/s, ${(totalBytes / 1e6 / bare.seconds).toFixed(1)} MB/s, ` +
        `CPU ms per attachment ${((bare.cpuSeconds * 1000) / attachments).toFixed(2)}`,
    );
    // Same messages both ways, so the message-rate ratio is the byte-rate ratio.
    console.log(`  ratio ingest/bare: ${(rate / bareRate).toFixed(3)} (target >= 0.5); ${mbPerSecond.toFixed(1)} MB/s (target >= 100): ${mbPerSecond >= 100 ? 'met' : 'NOT met'}`);
  } catch (error) {
    printOutputTails([['ingest-attachments', app]]);
    throw error;
  } finally {
    await stopRun([app], pool, [clickhouseDir, blobDir]);
  }
}

runBench(main);
