// bench/occurrences: occurrences through the real stack and the real
// ingest-occurrences app (a child process, as deployed). Produces N Avro
// occurrences (10% new fingerprints, 90% repeats over 1,000 issues) while the
// consumer runs, then prints occurrences/s (first produce → last row
// committed), p50/p99 latency from the producer's ack to the occurrence row
// being visible in Postgres, and the ratio to a bare kafkajs consume loop
// over the same messages, measured in the same run.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createOccurrenceProducer } from '@issuestream/issue-platform';
import { adHocTopics, bareConsume, createProducer, provisionTopics } from '@issuestream/kafka';
import { createCodec } from '@issuestream/schemas';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, TenantStore, tenantMigrations } from '@issuestream/storage';
import { startApp, uniqueName, waitFor } from '@issuestream/testing';

const env = process.env;
const TOTAL = Number(env['BENCH_OCCURRENCES'] ?? 100_000);
const GROUPS = 1_000;
const BATCH = 1_000;
/** Occurrences/s to offer; 0 produces as fast as possible (a throughput run, whose latency is mostly backlog). */
const RATE = Number(env['BENCH_RATE'] ?? 0);
/** Paced runs send every 50 ms, so latency is the pipeline's own and not a burst's. */
const SEND_SIZE = RATE > 0 ? Math.max(1, Math.min(BATCH, Math.round(RATE / 20))) : BATCH;
const SAMPLE_EVERY = 100;
const MONITOR_TYPE = 4001; // released, no noise config, 60,000 new issues per hour

const brokers = (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const registryUrl = env['SCHEMA_REGISTRY_URL'] ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
const databaseUrl = env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream';
const connection = { brokers, clientId: 'bench-occurrences' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  const codec = createCodec({ registryUrl });
  await codec.registerAll();
  const pool = createPgPool(databaseUrl, { applicationName: 'bench-occurrences' });
  await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
  const tenants = new TenantStore(pool);
  const org = await tenants.ensureOrganization({ slug: 'bench' });
  const project = await tenants.createProject({ organizationId: org.id, slug: uniqueName('occ').replace(/_/g, '-'), platform: 'other' });
  const topic = uniqueName('bench_occurrences');
  await provisionTopics(connection, adHocTopics(topic, 4));
  const clickhouseDir = mkdtempSync(path.join(tmpdir(), 'bench-ch-'));
  console.log(`occurrences: ${TOTAL} occurrences, ${GROUPS} repeated issues + 10% new fingerprints, project ${project.id}, topic ${topic}`);

  const app = startApp('apps/ingest-occurrences/src/main.ts', {
    KAFKA_BROKERS: brokers.join(','), SCHEMA_REGISTRY_URL: registryUrl, DATABASE_URL: databaseUrl,
    CLICKHOUSE_PATH: clickhouseDir, OCCURRENCES_TOPIC: topic, POST_PROCESS_TOPIC: uniqueName('bench_generic'),
    KAFKA_GROUP_ID: uniqueName('bench_ingest'), HTTP_HOST: '127.0.0.1', HTTP_PORT: '3290', KAFKA_BATCH_MAX_WAIT_MS: '50',
  });
  try {
    await waitFor(async () => (await fetch('http://127.0.0.1:3290/readyz')).ok, { timeoutMs: 90000, description: `ingest-occurrences ready (${app.output().slice(-1000)})` });
    const producer = createOccurrenceProducer({ producer: await createProducer(connection), codec, topic });
    const repeated = Array.from({ length: GROUPS }, () => randomUUID());
    const acked = new Map<string, number>();
    const seen = new Map<string, number>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling || seen.size < acked.size) {
        const pending = [...acked.keys()].filter((id) => !seen.has(id));
        if (pending.length > 0) {
          const { rows } = await pool.query<{ id: string }>(`SELECT replace(id::text, '-', '') AS id FROM issue_occurrences WHERE id = ANY($1::uuid[])`, [pending]);
          const now = performance.now();
          rows.forEach((r) => seen.set(r.id, now));
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const started = performance.now();
    for (let from = 0; from < TOTAL; from += SEND_SIZE) {
      if (RATE > 0) await sleep(started + (from / RATE) * 1000 - performance.now());
      const items = Array.from({ length: Math.min(SEND_SIZE, TOTAL - from) }, (_, i) => {
        const n = from + i;
        const fingerprint = n % 10 === 0 ? randomUUID() : repeated[n % GROUPS]!;
        return {
          occurrence: { projectId: project.id, fingerprint: [fingerprint], issueTitle: `bench issue ${fingerprint.slice(0, 8)}`, subtitle: 'bench', type: MONITOR_TYPE, level: 'error' as const },
          event: { platform: 'other', environment: 'bench', tags: { n: String(n) }, timestamp: new Date().toISOString() },
        };
      });
      const produced = await producer.produceOccurrences(items);
      const ackedAt = performance.now();
      produced.forEach((p, i) => {
        if ((from + i) % SAMPLE_EVERY === 0) acked.set(p.record.id, ackedAt);
      });
      if (Math.floor(from / 10_000) !== Math.floor((from + items.length) / 10_000)) process.stdout.write(`\r  produced ${from + items.length}/${TOTAL}`);
    }
    console.log(`\r  produced ${TOTAL} in ${((performance.now() - started) / 1000).toFixed(1)} s${RATE > 0 ? ` (paced at ${RATE}/s)` : ''}`);
    await waitFor(
      async () => {
        const { rows } = await pool.query(`SELECT count(*)::int AS n FROM issue_occurrences WHERE project_id = $1`, [project.id]);
        return rows[0].n >= TOTAL || undefined;
      },
      { timeoutMs: Number(env['BENCH_TIMEOUT_MS'] ?? 600000), intervalMs: 100, description: `all ${TOTAL} occurrences stored` },
    );
    const seconds = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;
    const latencies = [...acked].map(([id, at]) => (seen.get(id) ?? NaN) - at).filter(Number.isFinite).sort((a, b) => a - b);
    const rate = TOTAL / seconds;
    const groups = await pool.query(`SELECT count(*)::int AS n, sum(times_seen)::bigint AS seen FROM groups WHERE project_id = $1`, [project.id]);
    console.log(`  ingest-occurrences: ${Math.round(rate)} occurrences/s (${seconds.toFixed(1)} s; ${groups.rows[0].n} issues, times_seen total ${groups.rows[0].seen})`);
    console.log(`  latency producer ack → row visible: p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms (${latencies.length} samples)`);
    if (RATE > 0) {
      console.log(`  paced run: throughput is the offered ${RATE}/s; the target (>= 5000 occurrences/s) is judged by an unpaced run`);
    } else {
      const bare = await bareConsume(connection, topic, TOTAL);
      const bareRate = TOTAL / bare.seconds;
      console.log(`  bare kafkajs consume of the same messages: ${Math.round(bareRate)} msg/s`);
      console.log(`  ratio ingest/bare: ${(rate / bareRate).toFixed(3)}; target >= 5000 occurrences/s: ${rate >= 5000 ? 'met' : 'NOT met'}`);
    }
  } catch (error) {
    console.error(`ingest-occurrences output (tail):\n${app.output().slice(-4000)}`);
    throw error;
  } finally {
    app.kill('SIGTERM');
    await app.exited;
    await pool.end();
    rmSync(clickhouseDir, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
