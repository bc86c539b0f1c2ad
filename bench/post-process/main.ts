// bench/post-process: the errors eventstream through the real post-process app
// (a child process, as deployed). Produces N `events` inserts as ingest-events
// writes them (Avro, the full ~4 KB event in `data`), of which 1% have a user
// report waiting (linked, and shimmed to a feedback occurrence) and 10% name a
// replay (a replay link each). The messages are produced first and the app
// started after, so the figure is the consumer's own: events/s from its first
// processed message to its last, what was linked, CPU ms per event, and the
// ratio to a bare kafkajs consume of the same messages in the same run.
// BENCH_EVENTS (default 100,000), BENCH_APP_ENV ('NAME=value …' for the app). Use a private DATABASE_URL: the app writes
// user reports, projects' flags and its migrations there.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adHocTopics, createProducer, provisionTopics } from '@issuestream/kafka';
import { createCodec, type Events } from '@issuestream/schemas';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, TenantStore, tenantMigrations } from '@issuestream/storage';
import { startApp, uniqueName, waitFor } from '@issuestream/testing';
import { USER_REPORT_MIGRATIONS_TABLE, userReportMigrations, UserReportStore } from '@issuestream/user-reports-data';
import { waitUntilReady } from '../lib/app-ready';
import { printBareRatio } from '../lib/bare-ratio';
import { printOutputTails, runBench, stopRun } from '../lib/bench-run';
import { cpuPerItem, cpuSnapshot, kafkaBrokerPid } from '../lib/cpu-usage';

const env = process.env;
const TOTAL = Number(env['BENCH_EVENTS'] ?? 100_000);
const REPORT_EVERY = 100;
const REPLAY_EVERY = 10;
const BATCH = 1_000;
const APP_PORT = 3790;

const brokers = (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const registryUrl = env['SCHEMA_REGISTRY_URL'] ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
const databaseUrl = env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream';
const connection = { brokers, clientId: 'bench-post-process' };

const hexId = () => randomUUID().replace(/-/g, '');
const metricSum = (text: string, name: string, labels = '') =>
  text.split('\n').filter((line) => line.startsWith(name) && line.includes(labels)).reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
const appMetrics = async () => (await fetch(`http://127.0.0.1:${APP_PORT}/metrics`)).text();

/** An eventstream insert for a stored Node exception of about 4 KB (its normalized document in `data`). */
function insert(projectId: number, organizationId: number, n: number, eventId: string, replayId: string | null): Events.EventsMessageInput {
  const seconds = Date.now() / 1000;
  const frames = Array.from({ length: 16 }, (_, i) => ({
    function: `handler${i}`, module: `app.services.step${i}`, filename: `/srv/app/src/step${i}.js`, abs_path: `/srv/app/src/step${i}.js`,
    lineno: 40 + i, colno: 17, in_app: i >= 8, context_line: '    const row = await this.repository.findOne({ where: { id } });',
  }));
  const groupId = 1 + (n % 2000);
  return {
    version: 2,
    operation: 'insert',
    payload: {
      event_id: eventId, project_id: projectId, organization_id: organizationId, group_id: groupId, group_ids: [groupId], message: `NotFoundError record ${n} not found`,
      platform: 'node', datetime: new Date(seconds * 1000).toISOString().replace('Z', '000Z'), primary_hash: 'a'.repeat(32),
      data: {
        event_id: eventId, level: 'error', platform: 'node', environment: n % 3 === 0 ? 'staging' : 'production', release: 'api@5.2.1', timestamp: seconds, received: seconds,
        type: 'error', title: 'NotFoundError: record not found', culprit: 'handler15(app.services.step15)',
        exception: { values: [{ type: 'NotFoundError', value: `record ${n} not found`, mechanism: { type: 'onunhandledrejection', handled: false }, stacktrace: { frames } }] },
        tags: [['level', 'error'], ['environment', 'production'], ['route', '/v1/orders/:id'], ...(replayId ? [['replayId', replayId]] : [])],
        user: { id: String(n % 5000), email: `user${n % 5000}@example.com` },
        contexts: {
          trace: { trace_id: hexId(), span_id: hexId().slice(0, 16), op: 'http.server' },
          runtime: { name: 'node', version: 'v22.11.0' },
          ...(replayId ? { replay: { replay_id: replayId } } : {}),
        },
        sdk: { name: 'sentry.javascript.node', version: '10.78.0' },
      },
      occurrence_data: {},
    },
    state: { is_new: false, is_regression: false, is_new_group_environment: false, queue: 'post_process_errors', skip_consume: false, group_states: [{ id: groupId }] },
  };
}

async function main(): Promise<void> {
  const codec = createCodec({ registryUrl });
  await codec.registerAll();
  const pool = createPgPool(databaseUrl, { applicationName: 'bench-post-process' });
  await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
  const tenants = new TenantStore(pool);
  const org = await tenants.ensureOrganization({ slug: 'bench' });
  const projectId = (await tenants.createProject({ organizationId: org.id, slug: uniqueName('pp').replace(/_/g, '-'), platform: 'node' })).id;
  const topic = uniqueName('bench_events');
  const occurrencesTopic = uniqueName('bench_occurrences');
  await provisionTopics(connection, [topic, occurrencesTopic].flatMap((t) => adHocTopics(t, 4)));
  const clickhouseDir = mkdtempSync(path.join(tmpdir(), 'bench-post-process-ch-'));
  const eventIds = Array.from({ length: TOTAL }, hexId);
  const replays = Array.from({ length: Math.ceil(TOTAL / REPLAY_EVERY / 10) }, hexId);
  const sample = (await codec.encode('events', insert(projectId, org.id, 0, eventIds[0]!, replays[0]!))).length;
  console.log(`post-process: ${TOTAL} events inserts (~${(sample / 1024).toFixed(1)} KB Avro), 1% with a user report waiting, 10% with a replay id; project ${projectId}, topic ${topic}`);

  await migrate(pool, userReportMigrations, { table: USER_REPORT_MIGRATIONS_TABLE });
  const reported = eventIds.filter((_, n) => n % REPORT_EVERY === 0);
  const reports = new UserReportStore(pool);
  for (let from = 0; from < reported.length; from += 500) {
    await reports.save(reported.slice(from, from + 500).map((eventId) => ({
      projectId, eventId, groupId: null, environmentId: null, name: 'Jane', email: 'jane@example.com', comments: 'Checkout failed again', dateAdded: new Date(),
    })), { overwriteAddedSince: new Date() });
  }
  const producer = await createProducer(connection);
  const producing = performance.now();
  for (let from = 0; from < TOTAL; from += BATCH) {
    const messages = await Promise.all(eventIds.slice(from, from + BATCH).map(async (eventId, i) => {
      const n = from + i;
      const value = await codec.encode('events', insert(projectId, org.id, n, eventId, n % REPLAY_EVERY === 1 ? replays[n % replays.length]! : null));
      return { key: Buffer.from(String(projectId)), value };
    }));
    await producer.send(topic, messages);
    if (Math.floor(from / 10_000) !== Math.floor((from + messages.length) / 10_000)) process.stdout.write(`\r  produced ${from + messages.length}/${TOTAL}`);
  }
  await producer.disconnect();
  console.log(`\r  produced ${TOTAL} in ${((performance.now() - producing) / 1000).toFixed(1)} s`);

  const app = startApp('apps/post-process/src/main.ts', {
    KAFKA_BROKERS: brokers.join(','), SCHEMA_REGISTRY_URL: registryUrl, DATABASE_URL: databaseUrl, REDIS_URL: env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/0',
    CLICKHOUSE_PATH: clickhouseDir, EVENTSTREAM_TOPIC: topic, OCCURRENCES_TOPIC: occurrencesTopic, OUTCOMES_TOPIC: uniqueName('bench_outcomes'),
    KAFKA_GROUP_ID: uniqueName('bench_post_process'), HTTP_HOST: '127.0.0.1', HTTP_PORT: String(APP_PORT), KAFKA_BATCH_MAX_WAIT_MS: '50',
    UPDATE_USER_REPORTS_INTERVAL_MS: '0',
    // BENCH_APP_ENV='KAFKA_BATCH_MAX_MESSAGES=4000 KAFKA_BATCH_MAX_BYTES=16777216' tries other consumer settings.
    ...Object.fromEntries((env['BENCH_APP_ENV'] ?? '').split(' ').filter((pair) => pair.includes('=')).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])),
  });
  try {
    await waitUntilReady('post-process', APP_PORT, app);
    const measured = new Map<string, number>([['post-process', app.child.pid ?? 0], ...kafkaBrokerPid()]);
    const cpuBefore = cpuSnapshot(measured);
    await waitFor(async () => metricSum(await appMetrics(), 'issuestream_consumer_messages_total') > 0 || undefined, { timeoutMs: 60_000, intervalMs: 10, description: 'first batch processed' });
    const started = performance.now();
    const first = metricSum(await appMetrics(), 'issuestream_consumer_messages_total');
    const timeoutMs = Number(env['BENCH_TIMEOUT_MS'] ?? 900_000);
    await waitFor(async () => metricSum(await appMetrics(), 'issuestream_consumer_messages_total') >= TOTAL || undefined, { timeoutMs, intervalMs: 100, description: `all ${TOTAL} inserts processed` });
    const cpuAfter = cpuSnapshot(measured);
    const seconds = (performance.now() - started) / 1000;
    const rate = (TOTAL - first) / seconds;
    const text = await appMetrics();
    const linked = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM user_reports WHERE project_id = $1 AND group_id IS NOT NULL', [projectId]);
    const batches = metricSum(text, 'issuestream_consumer_batches_total');
    console.log(`  post-process: ${Math.round(rate)} events/s (${TOTAL - first} events after its first batch in ${seconds.toFixed(1)} s)`);
    console.log(`  user reports linked ${linked.rows[0]?.n}/${reported.length}, shimmed ${metricSum(text, 'issuestream_post_process_user_reports_shimmed_total')}; replay links ${metricSum(text, 'issuestream_post_process_replay_links_total', 'outcome="linked"')}; parked steps ${metricSum(text, 'issuestream_post_process_step_deferred_total')}`);
    console.log(`  CPU ms per event (app ready → last batch done): ${cpuPerItem(cpuBefore, cpuAfter, TOTAL)}`);
    const stepTimes = ['update_existing_attachments', 'process_replay_link', 'link_event_to_user_report', 'project_event_flags'].map((step) => {
      const label = `step="${step}"`;
      return `${step} ${((1000 * metricSum(text, 'issuestream_post_process_step_seconds_sum', label)) / Math.max(1, metricSum(text, 'issuestream_post_process_step_seconds_count', label))).toFixed(1)}`;
    });
    console.log(`  ms per batch by step: ${stepTimes.join(', ')}; batch handler total ${((1000 * metricSum(text, 'issuestream_consumer_batch_duration_seconds_sum')) / Math.max(1, metricSum(text, 'issuestream_consumer_batch_duration_seconds_count'))).toFixed(1)}`);
    console.log(`  messages per processing batch: ${(metricSum(text, 'issuestream_consumer_messages_total') / Math.max(1, batches)).toFixed(1)} (${batches} batches)`);
    await printBareRatio(connection, topic, TOTAL, rate, { perSecond: 10_000, unit: 'events' });
  } catch (error) {
    printOutputTails([['post-process', app]]);
    throw error;
  } finally {
    await stopRun([app], pool, [clickhouseDir]);
  }
}

runBench(main);
