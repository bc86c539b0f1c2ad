// bench/feedback-e2e: user feedback through the whole pipeline, each app a
// real child process as deployed: relay (HTTP envelopes → Kafka), then
// ingest-feedback-events (feedback → occurrences), then ingest-occurrences
// (occurrences → issues and search rows in its embedded ClickHouse). Posts N
// feedback envelopes over 32 keep-alive connections (bench/lib/http-load) and prints the relay's
// accepted envelopes/s, plus p50/p99 latency from a sampled POST's response
// to its search_issues row being visible through GET /search-issues.
// BENCH_PARTITIONS sets the bench topics' partition count (default 4, as deployed).
// The baseline, in the same run: the relay alone before the consumers start;
// the pipeline's rate is printed as a ratio to it too.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCodec } from '@issuestream/schemas';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, TenantStore, tenantMigrations } from '@issuestream/storage';
import { type AppProcess, startApp, uniqueName, waitFor } from '@issuestream/testing';
import { waitUntilReady } from '../lib/app-ready';
import { printOutputTails, runBench, stopRun } from '../lib/bench-run';
import { calibrationMs, cpuPerItem, cpuSnapshot, kafkaBrokerPid } from '../lib/cpu-usage';
import { feedbackEnvelope } from '../lib/feedback-envelope';
import { runLoad } from '../lib/http-load';

const env = process.env;
const TOTAL = Number(env['BENCH_FEEDBACK'] ?? 20_000);
const CONNECTIONS = 32;
const SAMPLE_EVERY = 20;
const POLL_BATCH = 200;
/**
 * Every poll is a ClickHouse query inside ingest-occurrences, i.e. load on the
 * system under test: one query per interval for every pending sample. At
 * 100 ms the polls still cost ingest-occurrences ~0.04 CPU ms per envelope
 * (~5% of the machine); at 250 ms a latency reads up to 250 ms high.
 */
const POLL_INTERVAL_MS = 250;
const FEEDBACK_TYPE = 6001;
/** Feedback opens one issue each, and type 6001 may open 1,000 per project per hour: spread the load over projects below that. */
const PER_PROJECT = 500;
/** Envelopes that warm the relay's JIT up before the baseline is measured. */
const RELAY_WARM_UP = 2_000;
/**
 * The baseline, measured in the same run: the relay alone (consumers not yet
 * started) takes this many envelopes. The consumers then start on that
 * backlog, so every JIT (the broker's too) is warm before the pipeline is measured.
 */
const BASELINE = Number(env['BENCH_BASELINE'] ?? 10_000);
const PRELUDE = RELAY_WARM_UP + BASELINE;
const TARGET_RATE = 2_000;
const TARGET_P99_MS = 2_000;
const TIMEOUT_MS = Number(env['BENCH_TIMEOUT_MS'] ?? 300_000);
/** When set, each app writes a V8 CPU profile (open in Chrome DevTools) into <dir>/<app> as it exits. */
const PROFILE_DIR = env['BENCH_PROFILE_DIR'];
const BATCH_WAIT_MS = env['BENCH_BATCH_WAIT_MS'] ?? '50';
/** The consumers' fetches wait (at most BATCH_WAIT_MS) for this much: bigger batches, fewer round trips per feedback. */
const BATCH_MIN_BYTES = env['BENCH_BATCH_MIN_BYTES'] ?? '262144';
const profiling = (name: string) => ({ nodeArgs: PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.join(PROFILE_DIR, name)}`] : [] });

const RELAY_PORT = Number(env['BENCH_RELAY_PORT'] ?? 3901);
const FEEDBACK_PORT = Number(env['BENCH_FEEDBACK_PORT'] ?? 3902);
const OCCURRENCES_PORT = Number(env['BENCH_OCCURRENCES_PORT'] ?? 3903);

const brokers = env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
const registryUrl = env['SCHEMA_REGISTRY_URL'] ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
const databaseUrl = env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const hexId = () => randomBytes(16).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));



const metricSum = (text: string, name: string) =>
  text.split('\n').filter((line) => line.startsWith(name)).reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);

interface ConsumerCounts {
  batches: number;
  messages: number;
}

async function consumerCounts(port: number): Promise<ConsumerCounts> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return { batches: metricSum(text, 'issuestream_consumer_batches_total'), messages: metricSum(text, 'issuestream_consumer_messages_total') };
}

/** Messages per processing batch since `before`: each batch carries fixed costs (round trips, inserts), so bigger is cheaper per message. */
async function batchSizes(ports: Record<string, number>, before: Map<string, ConsumerCounts>): Promise<string> {
  const sizes = await Promise.all(
    Object.entries(ports).map(async ([name, port]) => {
      const now = await consumerCounts(port);
      const batches = now.batches - (before.get(name)?.batches ?? 0);
      const messages = now.messages - (before.get(name)?.messages ?? 0);
      return `${name} ${(messages / Math.max(1, batches)).toFixed(1)} (${batches} batches)`;
    }),
  );
  return sizes.join(', ');
}

/** Every consumer's counts once each has processed at least `messages` messages. */
async function countsAfter(ports: Record<string, number>, messages: number): Promise<Map<string, ConsumerCounts>> {
  const entries = await Promise.all(
    Object.entries(ports).map(async ([name, port]): Promise<[string, ConsumerCounts]> => [
      name,
      await waitFor(async () => {
        const counts = await consumerCounts(port);
        return counts.messages >= messages ? counts : undefined;
      }, { timeoutMs: TIMEOUT_MS, intervalMs: 200, description: `${name} to process the ${messages} feedbacks posted before the measurement` }),
    ]),
  );
  return new Map(entries);
}


async function main(): Promise<void> {
  await createCodec({ registryUrl }).registerAll();
  const pool = createPgPool(databaseUrl, { applicationName: 'bench-feedback-e2e' });
  await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
  const tenants = new TenantStore(pool);
  const org = await tenants.ensureOrganization({ slug: 'bench' });
  const projects: Array<{ id: number; auth: string }> = [];
  for (let i = 0; i < Math.ceil((PRELUDE + TOTAL) / PER_PROJECT); i += 1) {
    const project = await tenants.createProject({ organizationId: org.id, slug: uniqueName('feedback').replace(/_/g, '-'), platform: 'javascript' });
    const key = await tenants.createProjectKey({ projectId: project.id, rateLimit: { count: 10_000_000, windowSeconds: 60 } });
    projects.push({ id: Number(project.id), auth: `Sentry sentry_version=7, sentry_key=${key.publicKey}, sentry_client=bench/1.0` });
  }

  const topics = {
    feedback: uniqueName('bench_feedback'),
    occurrences: uniqueName('bench_fb_occurrences'),
    outcomes: uniqueName('bench_fb_outcomes'),
    postProcess: uniqueName('bench_fb_generic'),
    attachments: uniqueName('bench_fb_attachments'),
    events: uniqueName('bench_fb_events'),
  };
  const clickhouseDir = mkdtempSync(path.join(tmpdir(), 'bench-fb-ch-'));
  const shared = { KAFKA_TOPIC_PARTITIONS: env['BENCH_PARTITIONS'] ?? '4', KAFKA_BROKERS: brokers, SCHEMA_REGISTRY_URL: registryUrl, DATABASE_URL: databaseUrl, HTTP_HOST: '127.0.0.1' };
  console.log(`feedback-e2e: ${TOTAL} feedback envelopes over ${CONNECTIONS} connections, ${projects.length} projects (${projects[0]?.id}…), feedback topic ${topics.feedback}`);
  console.log(`  ${shared.KAFKA_TOPIC_PARTITIONS} partitions per topic; consumer fetches wait ≤ ${BATCH_WAIT_MS} ms for ${BATCH_MIN_BYTES} bytes`);
  console.log(`  host speed: ${calibrationMs()} ms for the calibration task (lower is faster)`);

  const apps: Array<[string, AppProcess]> = [];
  try {
    apps.push([
      'relay',
      startApp('apps/relay/src/main.ts', {
        ...shared, RELAY_PORT: String(RELAY_PORT), FEEDBACK_TOPIC: topics.feedback, ATTACHMENTS_TOPIC: topics.attachments, EVENTS_TOPIC: topics.events,
        RELAY_RATE_LIMIT_COUNT: '0',
      }, profiling('relay')),
    ]);
    await waitUntilReady('relay', RELAY_PORT, apps[0]![1]);
    const envelope = (n: number) => {
      const project = projects[Math.floor(n / PER_PROJECT)]!;
      const eventId = hexId();
      const headers = { 'Content-Type': 'application/x-sentry-envelope', 'X-Sentry-Auth': project.auth };
      return { eventId, project, request: { path: `/api/${project.id}/envelope/`, headers, body: feedbackEnvelope(eventId, n) } };
    };
    const post = async (first: number, total: number) => {
      const { statuses, seconds } = await runLoad({ host: '127.0.0.1', port: RELAY_PORT, connections: CONNECTIONS, total, request: (n) => envelope(first + n).request });
      if ((statuses.get(200) ?? 0) !== total) throw new Error(`not every envelope accepted: ${[...statuses].join('; ')}`);
      return total / seconds;
    };
    await post(0, RELAY_WARM_UP);
    const relayAlone = new Map([['relay', apps[0]![1].child.pid ?? 0], ['load generator', process.pid], ...kafkaBrokerPid()]);
    const baselineBefore = cpuSnapshot(relayAlone);
    const baselineRate = await post(RELAY_WARM_UP, BASELINE);
    console.log(`  baseline, the relay alone: ${Math.round(baselineRate)} envelopes/s; CPU ms per envelope: ${cpuPerItem(baselineBefore, cpuSnapshot(relayAlone), BASELINE)}`);

    apps.push([
      'ingest-feedback-events',
      startApp('apps/ingest-feedback-events/src/main.ts', {
        ...shared, HTTP_PORT: String(FEEDBACK_PORT), FEEDBACK_TOPIC: topics.feedback, OCCURRENCES_TOPIC: topics.occurrences, OUTCOMES_TOPIC: topics.outcomes,
        KAFKA_GROUP_ID: uniqueName('bench_feedback'), KAFKA_BATCH_MAX_WAIT_MS: BATCH_WAIT_MS, KAFKA_BATCH_MIN_BYTES: BATCH_MIN_BYTES,
      }, profiling('ingest-feedback-events')),
    ]);
    apps.push([
      'ingest-occurrences',
      startApp('apps/ingest-occurrences/src/main.ts', {
        ...shared, HTTP_PORT: String(OCCURRENCES_PORT), CLICKHOUSE_PATH: clickhouseDir, OCCURRENCES_TOPIC: topics.occurrences,
        POST_PROCESS_TOPIC: topics.postProcess, KAFKA_GROUP_ID: uniqueName('bench_fb_occurrences'), KAFKA_BATCH_MAX_WAIT_MS: BATCH_WAIT_MS, KAFKA_BATCH_MIN_BYTES: BATCH_MIN_BYTES,
      }, profiling('ingest-occurrences')),
    ]);
    await Promise.all([
      waitUntilReady('ingest-feedback-events', FEEDBACK_PORT, apps[1]![1]),
      waitUntilReady('ingest-occurrences', OCCURRENCES_PORT, apps[2]![1]),
    ]);
    const consumerPorts = { 'ingest-feedback-events': FEEDBACK_PORT, 'ingest-occurrences': OCCURRENCES_PORT };
    const warmCounts = await countsAfter(consumerPorts, PRELUDE);
    console.log(`  the consumers caught up with those ${PRELUDE} envelopes; now the whole pipeline`);

    // Latency samples: event id → time its POST answered 200; the poller records when its row shows up.
    const answered = new Map<string, { at: number; projectId: number }>();
    const seen = new Map<string, number>();
    let posting = true;
    let postEnded = Number.POSITIVE_INFINITY;
    let pollError: unknown;
    const poller = (async () => {
      const deadline = () => !posting && performance.now() > postEnded + TIMEOUT_MS;
      while (posting || seen.size < answered.size) {
        if (deadline()) break;
        const pending: Array<[string, number]> = [];
        for (const [id, { projectId }] of answered) {
          if (pending.length >= POLL_BATCH) break;
          if (!seen.has(id)) pending.push([id, projectId]);
        }
        if (pending.length > 0) {
          try {
            const projectIds = [...new Set(pending.map(([, projectId]) => projectId))];
            const url = `http://127.0.0.1:${OCCURRENCES_PORT}/search-issues?project_id=${projectIds.join(',')}&type=${FEEDBACK_TYPE}&event_id=${pending.map(([id]) => id).join(',')}&limit=${POLL_BATCH}`;
            const response = await fetch(url);
            if (!response.ok) throw new Error(`search-issues answered ${response.status}: ${await response.text()}`);
            const rows = (await response.json()) as Array<{ event_id: string }>;
            const now = performance.now();
            for (const row of rows) {
              const id = row.event_id.replace(/-/g, '').toLowerCase();
              if (answered.has(id) && !seen.has(id)) seen.set(id, now);
            }
          } catch (error) {
            pollError = error;
          }
        }
        await sleep(POLL_INTERVAL_MS);
      }
    })();

    const eventIds: string[] = [];
    const projectIds: number[] = [];
    let accepted = 0;
    const measured = new Map([...apps.map(([name, app]): [string, number] => [name, app.child.pid ?? 0]), ['load generator', process.pid], ...kafkaBrokerPid()]);
    const cpuBefore = cpuSnapshot(measured);
    const started = performance.now();
    const { statuses } = await runLoad({
      host: '127.0.0.1',
      port: RELAY_PORT,
      connections: CONNECTIONS,
      total: TOTAL,
      request: (n) => {
        const { eventId, project, request } = envelope(PRELUDE + n);
        eventIds[n] = eventId;
        projectIds[n] = project.id;
        return request;
      },
      onResponse: (n, status) => {
        if (status !== 200) return;
        accepted += 1;
        if (n % SAMPLE_EVERY === 0) answered.set(eventIds[n]!, { at: performance.now(), projectId: projectIds[n]! });
        if (accepted % 2000 === 0) process.stdout.write(`\r  accepted ${accepted}/${TOTAL}`);
      },
    });
    statuses.delete(200);
    postEnded = performance.now();
    const cpuAfter = cpuSnapshot(measured);
    posting = false;
    const seconds = (postEnded - started) / 1000;
    const rate = accepted / seconds;
    console.log(`\r  posted ${TOTAL} in ${seconds.toFixed(1)} s`);
    console.log(`  relay: ${Math.round(rate)} accepted envelopes/s (${accepted} × 200 in ${seconds.toFixed(1)} s), ${(rate / baselineRate).toFixed(2)} × the relay alone`);
    console.log(`  CPU ms per envelope while posting: ${cpuPerItem(cpuBefore, cpuAfter, TOTAL)}`);
    if (statuses.size > 0) console.log(`  not accepted: ${[...statuses].map(([status, count]) => `${status}: ${count}`).join(', ')}`);
    if (accepted === 0) throw new Error('the relay accepted no envelope; its output follows');

    await poller;
    if (seen.size < answered.size) {
      throw new Error(`only ${seen.size}/${answered.size} sampled feedback rows visible after ${TIMEOUT_MS} ms${pollError ? ` (last poll error: ${String(pollError)})` : ''}`);
    }
    console.log(`  messages per consumer batch: ${await batchSizes(consumerPorts, warmCounts)}`);
    const latencies = [...answered].map(([id, { at }]) => (seen.get(id) ?? NaN) - at).filter(Number.isFinite).sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(`  latency relay 200 → search_issues row visible: p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (${latencies.length} samples, polled every ${POLL_INTERVAL_MS} ms)`);
    console.log(`  target >= ${TARGET_RATE} envelopes/s at the relay: ${rate >= TARGET_RATE ? 'met' : 'NOT met'}`);
    console.log(`  target p99 < ${TARGET_P99_MS} ms end to end: ${p99 < TARGET_P99_MS ? 'met' : 'NOT met'}`);
  } catch (error) {
    printOutputTails(apps);
    throw error;
  } finally {
    await stopRun(apps.map(([, app]) => app), pool, [clickhouseDir]);
  }
}

runBench(main);
