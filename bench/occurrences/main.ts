// bench/occurrences: occurrences through the real stack and the real
// ingest-occurrences app (a child process, as deployed). Produces N Avro
// occurrences (10% new fingerprints, 90% repeats over 1,000 issues) while the
// consumer runs, then prints occurrences/s (first produce → last row
// committed), p50/p99 latency from the producer's ack to the occurrence row
// being visible in Postgres, and the ratio to a bare kafkajs consume loop
// over the same messages, measured in the same run. Also prints CPU
// milliseconds per occurrence (the app incl. its embedded ClickHouse, the
// broker, Postgres, Redis and the whole machine, from /proc), the app's by
// thread (its JS main thread, Node's helper threads, which also run chDB's
// queries, and chDB's own pools) and messages per processing batch. BENCH_NEW_ISSUES=1 makes every occurrence open a new
// issue: a feedback occurrence (type 6001, its own fingerprint, a ~1.5 KB
// browser event) as ingest-feedback-events produces it.
// BENCH_PROFILE_DIR=<dir> writes the app's V8 CPU profile there as it exits;
// BENCH_APP_NODE_ARGS passes flags to the app's node (e.g. heap sizes).
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFeedbackIssue } from '@issuestream/feedback';
import { createOccurrenceProducer, type EventPayload, type OccurrenceInput } from '@issuestream/issue-platform';
import { adHocTopics, createProducer, provisionTopics } from '@issuestream/kafka';
import { createCodec } from '@issuestream/schemas';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, TenantStore, tenantMigrations } from '@issuestream/storage';
import { startApp, uniqueName, waitFor } from '@issuestream/testing';
import { waitUntilReady } from '../lib/app-ready';
import { printBareRatio } from '../lib/bare-ratio';
import { printOutputTails, runBench, stopRun } from '../lib/bench-run';
import { cpuPerItem, cpuSnapshot, kafkaBrokerPid, threadCpuPerItem, threadSeconds } from '../lib/cpu-usage';
import { appBackendsCpuMs, postgresCpuMs } from '../lib/pg-backends';

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
/** Every occurrence opens a new feedback issue instead of 10% new over 1,000 repeated ones. */
const NEW_ISSUES = env['BENCH_NEW_ISSUES'] === '1';
/** Feedback (type 6001) may open 1,000 issues per project per hour: new-issue runs spread over projects below that. */
const NEW_ISSUES_PER_PROJECT = 500;
/** Issue 10 asks more of the new-issue path (8,000/s) than of the repeated-issue mix (5,000/s). */
const TARGET_PER_SECOND = NEW_ISSUES ? 8000 : 5000;
const PROFILE_DIR = env['BENCH_PROFILE_DIR'];
const APP_NODE_ARGS = (env['BENCH_APP_NODE_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
const APP_PORT = 3290;

const brokers = (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const registryUrl = env['SCHEMA_REGISTRY_URL'] ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
const databaseUrl = env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream';
const connection = { brokers, clientId: 'bench-occurrences' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

const metricSum = (text: string, name: string) =>
  text.split('\n').filter((line) => line.startsWith(name)).reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);

const appMetrics = async () => (await fetch(`http://127.0.0.1:${APP_PORT}/metrics`)).text();

/** Messages the app finished (committed or dead-lettered): polling this keeps the wait off Postgres, whose CPU is measured. */
async function messagesDone(): Promise<number> {
  return metricSum(await appMetrics(), 'issuestream_consumer_messages_total');
}

/** Messages per processing batch: each batch carries fixed costs (round trips, inserts), so bigger is cheaper per message. */
async function batchSize(): Promise<string> {
  const text = await appMetrics();
  const batches = metricSum(text, 'issuestream_consumer_batches_total');
  return `${(metricSum(text, 'issuestream_consumer_messages_total') / Math.max(1, batches)).toFixed(1)} (${batches} batches)`;
}

/** A browser SDK's feedback event of about 1.5 KB: the widget's fields plus the contexts, request, SDK and user it sends. */
function browserFeedbackEvent(n: number): EventPayload {
  return {
    event_id: randomUUID().replace(/-/g, ''),
    type: 'feedback',
    platform: 'javascript',
    level: 'info',
    timestamp: Date.now() / 1000,
    release: 'frontend@24.11.0+3f2a9c1',
    environment: 'production',
    tags: [['runtime', 'browser'], ['url', `https://app.example.com/settings/billing?tab=${n % 7}`], ['transaction', '/settings/billing']],
    contexts: {
      feedback: {
        message: `The invoice page keeps spinning after I change the billing address (report ${n}); reloading does not help.`,
        contact_email: `customer${n}@example.com`,
        name: `Customer ${n}`,
        source: 'widget',
        url: `https://app.example.com/settings/billing?tab=${n % 7}`,
      },
      browser: { name: 'Chrome', version: '131.0.0', type: 'browser' },
      os: { name: 'macOS', version: '14.6.1', type: 'os' },
      device: { family: 'Mac', model: 'Mac', brand: 'Apple', type: 'device' },
      trace: { trace_id: randomUUID().replace(/-/g, ''), span_id: randomUUID().slice(0, 16).replace(/-/g, '0'), op: 'navigation', type: 'trace' },
    },
    request: {
      url: `https://app.example.com/settings/billing?tab=${n % 7}`,
      headers: {
        'User-Agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
        Referer: 'https://app.example.com/settings',
      },
    },
    sdk: {
      name: 'sentry.javascript.react',
      version: '8.42.0',
      integrations: ['InboundFilters', 'FunctionToString', 'BrowserApiErrors', 'Breadcrumbs', 'GlobalHandlers', 'LinkedErrors', 'Dedupe', 'HttpContext', 'BrowserTracing', 'Feedback', 'Replay'],
      packages: [{ name: 'npm:@sentry/react', version: '8.42.0' }],
    },
    user: { id: String(100_000 + n), email: `customer${n}@example.com`, ip_address: '203.0.113.7', geo: { country_code: 'DE', city: 'Berlin', region: 'Germany' } },
  };
}

/** The occurrence ingest-feedback-events would produce for a new feedback: type 6001 with a fingerprint of its own. */
function newFeedbackIssue(projectId: number, n: number): { occurrence: OccurrenceInput; event: EventPayload } {
  const event = browserFeedbackEvent(n);
  const { occurrence, event: fixed } = buildFeedbackIssue(event, { projectId, eventId: String(event['event_id']), isSpam: false, spamDetectionEnabled: true });
  return { occurrence, event: fixed };
}

/** The default mix: 10% new monitor issues, 90% repeats of 1,000 issues. */
function monitorOccurrence(projectId: number, repeated: readonly string[], n: number): { occurrence: OccurrenceInput; event: EventPayload } {
  const fingerprint = n % 10 === 0 ? randomUUID() : repeated[n % GROUPS]!;
  return {
    occurrence: { projectId, fingerprint: [fingerprint], issueTitle: `bench issue ${fingerprint.slice(0, 8)}`, subtitle: 'bench', type: MONITOR_TYPE, level: 'error' as const },
    event: { platform: 'other', environment: 'bench', tags: { n: String(n) }, timestamp: new Date().toISOString() },
  };
}

async function main(): Promise<void> {
  const codec = createCodec({ registryUrl });
  await codec.registerAll();
  const pool = createPgPool(databaseUrl, { applicationName: 'bench-occurrences' });
  await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
  const tenants = new TenantStore(pool);
  const org = await tenants.ensureOrganization({ slug: 'bench' });
  const projectCount = NEW_ISSUES ? Math.ceil(TOTAL / NEW_ISSUES_PER_PROJECT) : 1;
  const projects: number[] = [];
  for (let i = 0; i < projectCount; i += 1) {
    projects.push((await tenants.createProject({ organizationId: org.id, slug: uniqueName('occ').replace(/_/g, '-'), platform: NEW_ISSUES ? 'javascript' : 'other' })).id);
  }
  const project = { id: projects[0] ?? 0 };
  const topic = uniqueName('bench_occurrences');
  await provisionTopics(connection, adHocTopics(topic, 4));
  const clickhouseDir = mkdtempSync(path.join(tmpdir(), 'bench-ch-'));
  const mix = NEW_ISSUES ? `every one a new feedback issue, ${projectCount} projects from ${project.id}` : `${GROUPS} repeated issues + 10% new fingerprints, project ${project.id}`;
  console.log(`occurrences: ${TOTAL} occurrences, ${mix}, topic ${topic}`);

  const app = startApp('apps/ingest-occurrences/src/main.ts', {
    KAFKA_BROKERS: brokers.join(','), SCHEMA_REGISTRY_URL: registryUrl, DATABASE_URL: databaseUrl,
    CLICKHOUSE_PATH: clickhouseDir, OCCURRENCES_TOPIC: topic, POST_PROCESS_TOPIC: uniqueName('bench_generic'),
    KAFKA_GROUP_ID: uniqueName('bench_ingest'), HTTP_HOST: '127.0.0.1', HTTP_PORT: String(APP_PORT), KAFKA_BATCH_MAX_WAIT_MS: '50',
  }, { nodeArgs: [...APP_NODE_ARGS, ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])] });
  try {
    await waitUntilReady('ingest-occurrences', APP_PORT, app);
    const measured = new Map<string, number>([['ingest-occurrences', app.child.pid ?? 0], ['load generator', process.pid], ...kafkaBrokerPid()]);
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

    const cpuBefore = cpuSnapshot(measured);
    const appThreadsBefore = threadSeconds(app.child.pid ?? 0);
    const postgresBefore = postgresCpuMs();
    const doneBefore = await messagesDone();
    const started = performance.now();
    for (let from = 0; from < TOTAL; from += SEND_SIZE) {
      if (RATE > 0) await sleep(started + (from / RATE) * 1000 - performance.now());
      const items = Array.from({ length: Math.min(SEND_SIZE, TOTAL - from) }, (_, i) => {
        const n = from + i;
        return NEW_ISSUES ? newFeedbackIssue(projects[Math.floor(n / NEW_ISSUES_PER_PROJECT)] ?? project.id, n) : monitorOccurrence(project.id, repeated, n);
      });
      const produced = await producer.produceOccurrences(items);
      const ackedAt = performance.now();
      produced.forEach((p, i) => {
        if ((from + i) % SAMPLE_EVERY === 0) acked.set(p.record.id, ackedAt);
      });
      if (Math.floor(from / 10_000) !== Math.floor((from + items.length) / 10_000)) process.stdout.write(`\r  produced ${from + items.length}/${TOTAL}`);
    }
    console.log(`\r  produced ${TOTAL} in ${((performance.now() - started) / 1000).toFixed(1)} s${RATE > 0 ? ` (paced at ${RATE}/s)` : ''}`);
    const timeoutMs = Number(env['BENCH_TIMEOUT_MS'] ?? 600000);
    await waitFor(async () => (await messagesDone()) - doneBefore >= TOTAL || undefined, { timeoutMs, intervalMs: 200, description: `all ${TOTAL} occurrences processed` });
    const cpuAfter = cpuSnapshot(measured);
    const appThreadsAfter = threadSeconds(app.child.pid ?? 0);
    const appBackendsMs = await appBackendsCpuMs(pool, app.child.pid ?? 0, postgresBefore);
    await waitFor(
      async () => {
        const { rows } = await pool.query(`SELECT count(*)::int AS n FROM issue_occurrences WHERE project_id = ANY($1::bigint[])`, [projects]);
        return rows[0].n >= TOTAL || undefined;
      },
      { timeoutMs, intervalMs: 100, description: `all ${TOTAL} occurrences stored` },
    );
    const seconds = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;
    const latencies = [...acked].map(([id, at]) => (seen.get(id) ?? NaN) - at).filter(Number.isFinite).sort((a, b) => a - b);
    const rate = TOTAL / seconds;
    const groups = await pool.query(`SELECT count(*)::int AS n, sum(times_seen)::bigint AS seen FROM groups WHERE project_id = ANY($1::bigint[])`, [projects]);
    console.log(`  ingest-occurrences: ${Math.round(rate)} occurrences/s (${seconds.toFixed(1)} s; ${groups.rows[0].n} issues, times_seen total ${groups.rows[0].seen})`);
    console.log(`  latency producer ack → row visible: p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms (${latencies.length} samples)`);
    console.log(`  CPU ms per occurrence (first produce → last batch done): ${cpuPerItem(cpuBefore, cpuAfter, TOTAL)}`);
    console.log(`  Postgres backends of ingest-occurrences alone: ${(appBackendsMs / TOTAL).toFixed(3)} CPU ms per occurrence`);
    console.log(`  ingest-occurrences by thread (CPU ms per occurrence): ${threadCpuPerItem(appThreadsBefore, appThreadsAfter, TOTAL)}`);
    console.log(`  messages per processing batch: ${await batchSize()}`);
    if (RATE > 0) {
      console.log(`  paced run: throughput is the offered ${RATE}/s; the target (>= ${TARGET_PER_SECOND} occurrences/s) is judged by an unpaced run`);
    } else {
      await printBareRatio(connection, topic, TOTAL, rate, { perSecond: TARGET_PER_SECOND, unit: 'occurrences' });
    }
  } catch (error) {
    printOutputTails([['ingest-occurrences', app]]);
    throw error;
  } finally {
    await stopRun([app], pool, [clickhouseDir]);
  }
}

runBench(main);
