// bench/errors: error events through the real stack and the real ingest-events
// app (a child process, as deployed), in two phases, each on its own project
// and topic. `concurrent`: N Avro `event` messages produced as the relay
// stand-in does (~7 KB each, a 20-frame Node stack trace; 1% open a new
// issue, the rest repeat 2,000 issues) while the consumer runs, timed from
// the first produce; the load generator shares the 2 cores with the app.
// `pre-produced`: the same N events are on the topic before the app starts,
// timed from the moment it is ready: what the app does when it has the
// machine to itself. Each phase prints events/s, CPU ms per event per process
// (and of the app's own Postgres backends) and the ratio to a bare kafkajs
// consume of the same messages; the concurrent one also p50/p99 from the
// producer's ack to the event being stored (its error_events row commits in
// the same transaction as, and after, its `errors` row).
// BENCH_EVENTS (default 100,000), BENCH_PHASES (default `concurrent,pre-produced`),
// BENCH_PROFILE_DIR=<dir> (the app's CPU profile, one per phase), BENCH_APP_NODE_ARGS (flags
// for the app's node, e.g. `--trace-gc`), BENCH_APP_LOG=<file> (the app's
// output, to <file>.<phase>).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adHocTopics, createProducer, provisionTopics } from '@issuestream/kafka';
import { createCodec } from '@issuestream/schemas';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, TenantStore, tenantMigrations } from '@issuestream/storage';
import { startApp, uniqueName, waitFor } from '@issuestream/testing';
import { waitUntilReady } from '../lib/app-ready';
import { printBareRatio } from '../lib/bare-ratio';
import { printOutputTails, runBench } from '../lib/bench-run';
import { cpuPerItem, cpuSnapshot, kafkaBrokerPid } from '../lib/cpu-usage';
import { appBackendsCpuMs, postgresCpuMs } from '../lib/pg-backends';

const env = process.env;
const TOTAL = Number(env['BENCH_EVENTS'] ?? 100_000);
const ISSUES = 2_000;
const NEW_EVERY = 100;
const BATCH = 1_000;
const SAMPLE_EVERY = 100;
const APP_PORT = 3490;
const PROFILE_DIR = env['BENCH_PROFILE_DIR'];
const APP_NODE_ARGS = (env['BENCH_APP_NODE_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
const PHASES = (env['BENCH_PHASES'] ?? 'concurrent,pre-produced').split(',') as ('concurrent' | 'pre-produced')[];

const brokers = (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const registryUrl = env['SCHEMA_REGISTRY_URL'] ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
const databaseUrl = env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream';
const connection = { brokers, clientId: 'bench-errors' };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const metricSum = (text: string, name: string) =>
  text.split('\n').filter((line) => line.startsWith(name)).reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
const appMetrics = async () => (await fetch(`http://127.0.0.1:${APP_PORT}/metrics`)).text();

/** A Node SDK exception event of about 5 KB: 20 frames with source context, the issue decided by the in-app function names. */
function errorEvent(issue: string, n: number): Record<string, unknown> {
  const frames = Array.from({ length: 20 }, (_, i) => {
    const inApp = i >= 12;
    const file = inApp ? `/srv/app/src/services/${issue}/step${i}.js` : `/srv/app/node_modules/express/lib/router/layer${i}.js`;
    return {
      function: inApp ? `${issue}Step${i}` : `Layer.handle${i}`, module: inApp ? `services.${issue}.step${i}` : `express.lib.router.layer${i}`,
      filename: file, abs_path: file, lineno: 40 + (n % 50), colno: 17, in_app: inApp,
      ...(inApp ? {
        context_line: '    const row = await this.repository.findOne({ where: { id } });',
        pre_context: ['  async handle(request) {', '    const { id } = request.params;'],
        post_context: ['    if (!row) throw new NotFoundError(id);', '    return row;'],
      } : {}),
    };
  });
  return {
    event_id: randomUUID().replace(/-/g, ''),
    platform: 'node', level: 'error', environment: n % 3 === 0 ? 'staging' : 'production', release: 'api@5.2.1', server_name: 'api-7f9c',
    timestamp: Date.now() / 1000,
    exception: { values: [{ type: 'NotFoundError', value: `record ${n} not found for tenant t-${n % 97}`, mechanism: { type: 'onunhandledrejection', handled: false }, stacktrace: { frames } }] },
    tags: [['route', `/v1/${issue}/:id`], ['tenant', `t-${n % 97}`]],
    user: { id: String(n % 5000), ip_address: '203.0.113.9' },
    contexts: {
      trace: { trace_id: randomUUID().replace(/-/g, ''), span_id: randomUUID().replace(/-/g, '').slice(0, 16), op: 'http.server' },
      runtime: { name: 'node', version: 'v22.11.0' }, os: { name: 'Linux', version: '6.1' },
    },
    sdk: { name: 'sentry.javascript.node', version: '10.78.0', integrations: ['Http', 'Express', 'LinkedErrors', 'OnUnhandledRejection'] },
  };
}

interface Setup {
  codec: ReturnType<typeof createCodec>;
  pool: ReturnType<typeof createPgPool>;
  tenants: TenantStore;
  organizationId: number;
}

/** The BATCH-sized slices of TOTAL error events as Avro `event` messages, each with its event id. */
async function* eventMessages(codec: Setup['codec'], projectId: number) {
  const issues = Array.from({ length: ISSUES }, (_, i) => `svc${i}`);
  for (let from = 0; from < TOTAL; from += BATCH) {
    const events = Array.from({ length: Math.min(BATCH, TOTAL - from) }, (_, i) => {
      const n = from + i;
      return errorEvent(n % NEW_EVERY === 0 ? `new${randomUUID().slice(0, 8)}` : issues[n % ISSUES]!, n);
    });
    const messages = await Promise.all(events.map(async (event) => {
      const eventId = String(event['event_id']);
      const value = await codec.encode('ingest-events', {
        type: 'event', payload: Buffer.from(JSON.stringify(event)), start_time: Math.floor(Date.now() / 1000), event_id: eventId, project_id: projectId, remote_addr: '203.0.113.9', attachments: [],
      });
      return { key: Buffer.from(eventId, 'hex'), value };
    }));
    yield { from, eventIds: events.map((event) => String(event['event_id'])), messages };
  }
}

/**
 * One run of the app over TOTAL events on a fresh project and topic.
 * `concurrent`: the events are produced while the app consumes them (the
 * load generator shares the machine's cores with the app), timed from the
 * first produce. `pre-produced`: every event is on the topic before the app
 * starts, timed from the moment the app is ready; events it processed before
 * that moment are left out of the count.
 */
async function runPhase(setup: Setup, mode: 'concurrent' | 'pre-produced'): Promise<void> {
  const { codec, pool, tenants } = setup;
  const projectId = (await tenants.createProject({ organizationId: setup.organizationId, slug: uniqueName('errors').replace(/_/g, '-'), platform: 'node' })).id;
  const topic = uniqueName('bench_ingest_events');
  await provisionTopics(connection, adHocTopics(topic, 4));
  const clickhouseDir = mkdtempSync(path.join(tmpdir(), 'bench-errors-ch-'));
  const producer = await createProducer(connection);
  const acked = new Map<string, number>();
  const produce = async () => {
    for await (const { from, eventIds, messages } of eventMessages(codec, projectId)) {
      await producer.send(topic, messages);
      const ackedAt = performance.now();
      eventIds.forEach((eventId, i) => {
        if ((from + i) % SAMPLE_EVERY === 0) acked.set(eventId, ackedAt);
      });
      if (Math.floor(from / 10_000) !== Math.floor((from + messages.length) / 10_000)) process.stdout.write(`\r  produced ${from + messages.length}/${TOTAL}`);
    }
  };
  console.log(`${mode}: project ${projectId}, topic ${topic}`);
  if (mode === 'pre-produced') {
    const producing = performance.now();
    await produce();
    console.log(`\r  produced ${TOTAL} in ${((performance.now() - producing) / 1000).toFixed(1)} s, before the app started`);
  }

  const app = startApp('apps/ingest-events/src/main.ts', {
    KAFKA_BROKERS: brokers.join(','), SCHEMA_REGISTRY_URL: registryUrl, DATABASE_URL: databaseUrl, CLICKHOUSE_PATH: clickhouseDir,
    EVENTS_INGEST_TOPIC: topic, EVENTSTREAM_TOPIC: uniqueName('bench_events'), OUTCOMES_TOPIC: uniqueName('bench_outcomes'),
    KAFKA_GROUP_ID: uniqueName('bench_errors'), HTTP_HOST: '127.0.0.1', HTTP_PORT: String(APP_PORT), KAFKA_BATCH_MAX_WAIT_MS: '50',
  }, { nodeArgs: [...APP_NODE_ARGS, ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])] });
  try {
    await waitUntilReady('ingest-events', APP_PORT, app);
    const measured = new Map<string, number>([['ingest-events', app.child.pid ?? 0], ['load generator', process.pid], ...kafkaBrokerPid()]);
    const seen = new Map<string, number>();
    let sampling = true;
    // Latency only means something while producing; the pre-produced phase spares Postgres the polling.
    const sampler = mode === 'pre-produced' ? Promise.resolve() : (async () => {
      while (sampling || seen.size < acked.size) {
        const pending = [...acked.keys()].filter((id) => !seen.has(id));
        if (pending.length > 0) {
          const { rows } = await pool.query<{ event_id: string }>(`SELECT event_id FROM error_events WHERE project_id = $1 AND event_id = ANY($2::char(32)[])`, [projectId, pending]);
          const now = performance.now();
          rows.forEach((r) => seen.set(r.event_id, now));
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const cpuBefore = cpuSnapshot(measured);
    const postgresBefore = postgresCpuMs();
    const doneBefore = metricSum(await appMetrics(), 'issuestream_consumer_messages_total');
    const started = performance.now();
    if (mode === 'concurrent') {
      await produce();
      console.log(`\r  produced ${TOTAL} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    const timeoutMs = Number(env['BENCH_TIMEOUT_MS'] ?? 900_000);
    // Rendering /metrics costs the app CPU (3% of it when read every 200 ms): far from the end it is read once a second.
    await waitFor(async () => {
      const done = metricSum(await appMetrics(), 'issuestream_consumer_messages_total');
      if (done < TOTAL * 0.9) await new Promise((resolve) => setTimeout(resolve, 800));
      return done >= TOTAL || undefined;
    }, { timeoutMs, intervalMs: 200, description: `all ${TOTAL} events processed` });
    const cpuAfter = cpuSnapshot(measured);
    const appBackendsMs = await appBackendsCpuMs(pool, app.child.pid ?? 0, postgresBefore);
    const seconds = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;
    const timed = TOTAL - doneBefore;
    const latencies = [...acked].map(([id, at]) => (seen.get(id) ?? NaN) - at).filter(Number.isFinite).sort((a, b) => a - b);
    const rate = timed / seconds;
    const stored = await pool.query(`SELECT count(*)::int AS n FROM error_events WHERE project_id = $1`, [projectId]);
    const groups = await pool.query(`SELECT count(*)::int AS n, sum(times_seen)::bigint AS seen FROM groups WHERE project_id = $1`, [projectId]);
    const text = await appMetrics();
    const batches = metricSum(text, 'issuestream_consumer_batches_total');
    const window = mode === 'concurrent' ? 'first produce → last batch done' : `app ready → last batch done; ${doneBefore} events processed before ready left out`;
    console.log(`  ingest-events (${mode}): ${Math.round(rate)} events/s (${timed} events in ${seconds.toFixed(1)} s, ${window}; ${stored.rows[0].n} stored, ${groups.rows[0].n} issues, times_seen total ${groups.rows[0].seen})`);
    if (mode === 'concurrent') {
      console.log(`  latency producer ack → stored (errors row written first): p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms (${latencies.length} samples)`);
    }
    console.log(`  CPU ms per event (${mode}): ${cpuPerItem(cpuBefore, cpuAfter, timed)}`);
    console.log(`  Postgres backends of ingest-events alone: ${(appBackendsMs / timed).toFixed(3)} CPU ms per event`);
    console.log(`  messages per processing batch: ${(metricSum(text, 'issuestream_consumer_messages_total') / Math.max(1, batches)).toFixed(1)} (${batches} batches, ${metricSum(text, 'issuestream_consumer_retries_total')} retried)`);
    await printBareRatio(connection, topic, TOTAL, rate, { perSecond: 5000, unit: 'events' });
    if (env['BENCH_APP_LOG']) writeFileSync(`${env['BENCH_APP_LOG']}.${mode}`, app.output());
  } catch (error) {
    printOutputTails([['ingest-events', app]]);
    throw error;
  } finally {
    await producer.disconnect();
    app.kill('SIGTERM');
    await app.exited;
    rmSync(clickhouseDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const codec = createCodec({ registryUrl });
  await codec.registerAll();
  const pool = createPgPool(databaseUrl, { applicationName: 'bench-errors' });
  try {
    await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    const tenants = new TenantStore(pool);
    const org = await tenants.ensureOrganization({ slug: 'bench' });
    const sample = JSON.stringify(errorEvent('orders', 0)).length;
    console.log(`errors: ${TOTAL} events (~${(sample / 1024).toFixed(1)} KB), ${ISSUES} repeated issues + 1% new, each phase on its own project`);
    const setup = { codec, pool, tenants, organizationId: org.id };
    for (const mode of PHASES) await runPhase(setup, mode);
  } finally {
    await pool.end();
  }
}

runBench(main);
