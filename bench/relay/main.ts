// bench/relay: the relay alone as a real child process (no consumers), fed
// feedback envelopes over 32 keep-alive connections by the raw-socket load
// generator. Prints accepted envelopes/s and CPU milliseconds per envelope for
// the relay, the load generator, the broker, Postgres, Redis and the whole
// machine; then posts a smaller slice with node:http's keep-alive Agent (the
// client bench:feedback used) so the two load generators' costs can be compared.
// BENCH_ENVELOPES changes the count (default 20,000), BENCH_AGENT_ENVELOPES the
// Agent slice (default 5,000), BENCH_PROFILE_DIR=<dir> writes the relay's V8 CPU profile.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createCodec } from '@issuestream/schemas';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, TenantStore, tenantMigrations } from '@issuestream/storage';
import { startApp, uniqueName } from '@issuestream/testing';
import { waitUntilReady } from '../lib/app-ready';
import { printOutputTails, runBench } from '../lib/bench-run';
import { calibrationMs, cpuPerItem, cpuSnapshot, kafkaBrokerPid } from '../lib/cpu-usage';
import { feedbackEnvelope } from '../lib/feedback-envelope';
import { runLoad, type LoadRequest } from '../lib/http-load';

const env = process.env;
const TOTAL = Number(env['BENCH_ENVELOPES'] ?? 20_000);
const AGENT_TOTAL = Number(env['BENCH_AGENT_ENVELOPES'] ?? 5_000);
/** Unmeasured requests first, so the relay's JIT and caches are warm for both measured runs. */
const WARM_UP = 2_000;
const CONNECTIONS = 32;
/** Spread keys over projects as bench:feedback does, so the relay's key cache sees the same mix. */
const PER_PROJECT = 500;
const HOST = '127.0.0.1';
const RELAY_PORT = Number(env['BENCH_RELAY_PORT'] ?? 3911);
const PROFILE_DIR = env['BENCH_PROFILE_DIR'];

const brokers = env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
const registryUrl = env['SCHEMA_REGISTRY_URL'] ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
const databaseUrl = env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream';

interface BenchProject {
  readonly id: number;
  readonly auth: string;
}


/** Request n of a run: feedback for the project whose share of the load n falls in. */
function feedbackRequest(projects: readonly BenchProject[], n: number): LoadRequest {
  const project = projects[Math.floor(n / PER_PROJECT) % projects.length]!;
  return {
    path: `/api/${project.id}/envelope/`,
    headers: { 'Content-Type': 'application/x-sentry-envelope', 'X-Sentry-Auth': project.auth },
    body: feedbackEnvelope(randomBytes(16).toString('hex'), n),
  };
}



async function createProjects(count: number): Promise<BenchProject[]> {
  await createCodec({ registryUrl }).registerAll();
  const pool = createPgPool(databaseUrl, { applicationName: 'bench-relay' });
  try {
    await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    const tenants = new TenantStore(pool);
    const org = await tenants.ensureOrganization({ slug: 'bench' });
    const projects: BenchProject[] = [];
    for (let i = 0; i < count; i += 1) {
      const project = await tenants.createProject({ organizationId: org.id, slug: uniqueName('relay').replace(/_/g, '-'), platform: 'javascript' });
      const key = await tenants.createProjectKey({ projectId: project.id, rateLimit: { count: 10_000_000, windowSeconds: 60 } });
      projects.push({ id: Number(project.id), auth: `Sentry sentry_version=7, sentry_key=${key.publicKey}, sentry_client=bench/1.0` });
    }
    return projects;
  } finally {
    await pool.end();
  }
}

/** One POST on node:http's keep-alive Agent; resolves with the status once the whole answer is read. */
function agentPost(agent: http.Agent, request: LoadRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = request.body;
    const outgoing = http.request(
      { agent, host: HOST, port: RELAY_PORT, path: request.path, method: 'POST', headers: { ...request.headers, 'Content-Length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The same load through node:http's Agent, for comparing the clients' CPU cost. */
async function runAgentLoad(total: number, request: (n: number) => LoadRequest): Promise<Map<number | string, number>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const statuses = new Map<number | string, number>();
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < total; n = next++) {
      const status = await agentPost(agent, request(n)).catch((error: NodeJS.ErrnoException) => `error ${error.code ?? String(error)}`);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  agent.destroy();
  return statuses;
}

const describeStatuses = (statuses: Map<number | string, number>) => [...statuses].map(([status, count]) => `${status}: ${count}`).join(', ');

async function main(): Promise<void> {
  const projects = await createProjects(Math.ceil(TOTAL / PER_PROJECT));
  const topic = (name: string) => uniqueName(`bench_relay_${name}`);
  const relay = startApp(
    'apps/relay/src/main.ts',
    {
      KAFKA_BROKERS: brokers, SCHEMA_REGISTRY_URL: registryUrl, DATABASE_URL: databaseUrl, HTTP_HOST: HOST, RELAY_PORT: String(RELAY_PORT),
      FEEDBACK_TOPIC: topic('feedback'), ATTACHMENTS_TOPIC: topic('attachments'), EVENTS_TOPIC: topic('events'), OUTCOMES_TOPIC: topic('outcomes'),
    },
    { nodeArgs: PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [] },
  );
  console.log(`relay: ${TOTAL} feedback envelopes over ${CONNECTIONS} connections, ${projects.length} projects (${projects[0]?.id}…)`);
  console.log(`  host speed: ${calibrationMs()} ms for the calibration task (lower is faster)`);
  try {
    await waitUntilReady('relay', RELAY_PORT, relay);
    const measured = new Map([['relay', relay.child.pid ?? 0], ['load generator', process.pid], ...kafkaBrokerPid()]);
    const request = (n: number) => feedbackRequest(projects, n);
    await runLoad({ host: HOST, port: RELAY_PORT, connections: CONNECTIONS, total: WARM_UP, request });

    const before = cpuSnapshot(measured);
    const { statuses, seconds } = await runLoad({ host: HOST, port: RELAY_PORT, connections: CONNECTIONS, total: TOTAL, request });
    const after = cpuSnapshot(measured);
    const accepted = statuses.get(200) ?? 0;
    console.log(`  raw-socket client: ${Math.round(accepted / seconds)} accepted envelopes/s (${accepted} × 200 in ${seconds.toFixed(1)} s)`);
    console.log(`  CPU ms per envelope: ${cpuPerItem(before, after, TOTAL)}`);
    if (accepted !== TOTAL) console.log(`  answers: ${describeStatuses(statuses)}`);
    if (accepted === 0) throw new Error('the relay accepted no envelope');

    const agentBefore = cpuSnapshot(measured);
    const agentStarted = performance.now();
    const agentStatuses = await runAgentLoad(AGENT_TOTAL, request);
    const agentSeconds = (performance.now() - agentStarted) / 1000;
    const agentAfter = cpuSnapshot(measured);
    const agentAccepted = agentStatuses.get(200) ?? 0;
    console.log(`  node:http Agent client: ${Math.round(agentAccepted / agentSeconds)} accepted envelopes/s (${agentAccepted} × 200 in ${agentSeconds.toFixed(1)} s)`);
    console.log(`  CPU ms per envelope: ${cpuPerItem(agentBefore, agentAfter, AGENT_TOTAL)}`);
    if (agentAccepted !== AGENT_TOTAL) console.log(`  answers: ${describeStatuses(agentStatuses)}`);
  } catch (error) {
    printOutputTails([['relay', relay]]);
    throw error;
  } finally {
    relay.kill('SIGTERM');
    await relay.exited;
  }
}

runBench(main);
