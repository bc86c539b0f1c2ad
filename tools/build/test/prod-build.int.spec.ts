/**
 * What the image does, without Docker: each app is built by its `nx build`
 * arguments into a directory outside the workspace, gets a production-only
 * install from the package.json and lockfile beside its bundle, and runs as
 * `node main.js` against the local stack.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readTopic } from '@issuestream/kafka';
import { createPgPool, TenantStore } from '@issuestream/storage';
import { testStackEnv, uniqueName } from '@issuestream/testing';
import type { Pool } from 'pg';
import {
  buildProject, freshDir, installedVersion, installProduction, REPO, runBuiltTool, startBuiltApp, stopBuiltApp, waitUntilReady, type BuiltAppProcess,
} from './prod-run';

jest.setTimeout(240000);

const stack = testStackEnv();
const connection = { brokers: stack.kafkaBrokers, clientId: 'prod-build-test' };
const rootManifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const schema = uniqueName('prod_build');
const topics = {
  feedback: uniqueName('prod_feedback'),
  occurrences: uniqueName('prod_occurrences'),
  outcomes: uniqueName('prod_outcomes'),
  sample: uniqueName('prod_sample'),
};
const basePort = 20000 + Math.floor(Math.random() * 20000);

interface AppCase {
  readonly app: string;
  readonly port: number;
  readonly env: Record<string, string>;
}

const APPS: readonly AppCase[] = [
  {
    app: 'relay',
    port: basePort,
    env: {
      RELAY_PORT: String(basePort),
      FEEDBACK_TOPIC: topics.feedback,
      ATTACHMENTS_TOPIC: uniqueName('prod_attachments'),
      EVENTS_TOPIC: uniqueName('prod_events'),
      OUTCOMES_TOPIC: topics.outcomes,
    },
  },
  {
    app: 'ingest-feedback-events',
    port: basePort + 1,
    env: { HTTP_PORT: String(basePort + 1), FEEDBACK_TOPIC: topics.feedback, OCCURRENCES_TOPIC: topics.occurrences, OUTCOMES_TOPIC: topics.outcomes },
  },
  {
    app: 'ingest-occurrences',
    port: basePort + 2,
    env: { HTTP_PORT: String(basePort + 2), OCCURRENCES_TOPIC: topics.occurrences, POST_PROCESS_TOPIC: uniqueName('prod_generic_events') },
  },
  {
    app: 'ingest-events',
    port: basePort + 4,
    env: { HTTP_PORT: String(basePort + 4), EVENTS_INGEST_TOPIC: uniqueName('prod_ingest_events'), EVENTSTREAM_TOPIC: uniqueName('prod_eventstream'), OUTCOMES_TOPIC: topics.outcomes },
  },
  {
    app: 'ingest-outcomes',
    port: basePort + 6,
    env: { HTTP_PORT: String(basePort + 6), OUTCOMES_TOPIC: topics.outcomes },
  },
  {
    app: 'ingest-attachments',
    port: basePort + 7,
    env: {
      HTTP_PORT: String(basePort + 7),
      ATTACHMENTS_INGEST_TOPIC: uniqueName('prod_ingest_attachments'),
      EVENTSTREAM_TOPIC: uniqueName('prod_eventstream'),
      OUTCOMES_TOPIC: topics.outcomes,
    },
  },
  {
    app: 'sample-consumer',
    port: basePort + 3,
    env: { HTTP_PORT: String(basePort + 3), SAMPLE_TOPIC: topics.sample, SAMPLE_TABLE: 'prod_build_samples' },
  },
  {
    app: 'api',
    port: basePort + 5,
    env: { HTTP_PORT: String(basePort + 5), OUTCOMES_TOPIC: topics.outcomes, OUTCOMES_STATS_URL: `http://127.0.0.1:${basePort + 6}` },
  },
  {
    app: 'post-process',
    port: basePort + 8,
    env: { HTTP_PORT: String(basePort + 8), EVENTSTREAM_TOPIC: uniqueName('prod_eventstream'), OCCURRENCES_TOPIC: topics.occurrences, OUTCOMES_TOPIC: topics.outcomes },
  },
];

/** The test database, every session in this run's own schema. */
function schemaDatabaseUrl(): string {
  const url = new URL(stack.databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

const workDir = mkdtempSync(path.join(tmpdir(), 'issuestream-prod-build-'));
const appDir = (app: string) => path.join(workDir, 'apps', app);
const registerDir = path.join(workDir, 'tools', 'register-schemas');
const running = new Map<string, BuiltAppProcess>();
let admin: Pool;

function appEnv({ app, env }: AppCase): Record<string, string> {
  return {
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl,
    DATABASE_URL: schemaDatabaseUrl(),
    REDIS_URL: stack.redisUrl,
    CLICKHOUSE_PATH: freshDir(workDir, 'clickhouse', app),
    BLOB_STORE_PATH: freshDir(workDir, 'blobs', app),
    HTTP_HOST: '127.0.0.1',
    KAFKA_GROUP_ID: uniqueName(`prod_${app}`),
    KAFKA_TOPIC_PARTITIONS: '1',
    KAFKA_BATCH_MAX_WAIT_MS: '100',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    TENANT_CACHE_TTL_MS: '0',
    ...env,
  };
}

beforeAll(async () => {
  admin = createPgPool(stack.databaseUrl, { applicationName: 'prod-build-test', max: 2 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  // allSettled: a failed build must not leave the others writing into workDir after afterAll removed it.
  const builds = await Promise.allSettled([...APPS.map(({ app }) => buildProject(`apps/${app}`, appDir(app))), buildProject('tools/build', registerDir)]);
  const failed = builds.find((b): b is PromiseRejectedResult => b.status === 'rejected');
  if (failed) throw failed.reason;
  // One at a time: installs at once only fight over two cores and the npm cache.
  for (const dir of [...APPS.map(({ app }) => appDir(app)), registerDir]) await installProduction(dir);
});

afterAll(async () => {
  await Promise.all([...running.values()].map(stopBuiltApp));
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
  rmSync(workDir, { recursive: true, force: true });
});

describe.each(APPS.map((c) => [c.app, c] as const))('%s, built and installed for production', (app, appCase) => {
  it('is plain JavaScript with the workspace libraries inside and no TypeScript loader', () => {
    const bundle = readFileSync(path.join(appDir(app), 'main.js'), 'utf8');
    expect(bundle).not.toMatch(/require\(["']@issuestream\//);
    expect(bundle).not.toMatch(/@swc-node|ts-node/);
  });

  it('installs only production packages, at the versions of the workspace lockfile', () => {
    const manifest = JSON.parse(readFileSync(path.join(appDir(app), 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const [name, version] of Object.entries(manifest.dependencies)) {
      expect([name, version]).toEqual([name, rootManifest.dependencies[name]]);
      expect([name, installedVersion(appDir(app), name)]).toEqual([name, version]);
    }
    for (const devOnly of ['typescript', '@swc/core', '@swc-node/register', 'esbuild', 'nx', 'jest']) {
      expect([devOnly, installedVersion(appDir(app), devOnly)]).toEqual([devOnly, undefined]);
    }
  });

  it('starts with node main.js and answers /readyz with 200', async () => {
    const started = startBuiltApp(appDir(app), appEnv(appCase));
    running.set(app, started);
    expect(await waitUntilReady(app, appCase.port, started)).toBe(200);
  });
});

describe('the built schema-registration tool (the Helm hook Job)', () => {
  it('registers every topic schema with the registry and exits 0', async () => {
    const output = await runBuiltTool(registerDir, { SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl });
    expect(output).toMatch(/^ingest-feedback-events-value: id \d+ \((registered|unchanged)\), compatibility BACKWARD$/m);
    expect(output).toMatch(/^ingest-occurrences-value: id \d+ /m);
  });
});

describe('the built relay', () => {
  it('accepts a feedback envelope and puts it on the feedback topic', async () => {
    const relay = APPS[0]!;
    expect(running.has(relay.app)).toBe(true);
    const pool = createPgPool(schemaDatabaseUrl(), { applicationName: 'prod-build-test', max: 2 });
    const tenants = new TenantStore(pool, { cacheTtlMs: 0 });
    const org = await tenants.createOrganization({ slug: schema.replace(/_/g, '-') });
    const project = await tenants.createProject({ organizationId: org.id, slug: 'web', platform: 'javascript' });
    const key = await tenants.createProjectKey({ projectId: project.id });
    await pool.end();

    const eventId = randomUUID().replace(/-/g, '');
    const header = JSON.stringify({ event_id: eventId, sent_at: new Date().toISOString(), sdk: { name: 'sentry.javascript.browser', version: '8.0.0' } });
    const payload = JSON.stringify({
      type: 'feedback', event_id: eventId, timestamp: Date.now() / 1000, level: 'info', platform: 'javascript',
      contexts: { feedback: { message: 'sent to the production build', contact_email: 'sre@example.com', source: 'widget', url: 'https://example.com/' } },
    });
    const response = await fetch(`http://127.0.0.1:${relay.port}/api/${project.id}/envelope/?sentry_key=${key.publicKey}&sentry_version=7`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-sentry-envelope' },
      body: `${header}\n{"type":"feedback"}\n${payload}`,
    });
    expect(response.status).toBe(200);
    const onTopic = await readTopic(connection, topics.feedback, { until: (all) => all.some((m) => m.key?.toString('hex') === eventId) });
    expect(onTopic.some((m) => m.key?.toString('hex') === eventId)).toBe(true);
  });
});

describe('every built app', () => {
  it('exits 0 on SIGTERM', async () => {
    const apps = [...running.keys()];
    expect(apps.sort()).toEqual(APPS.map((c) => c.app).sort());
    const codes = await Promise.all(apps.map(async (app) => [app, await stopBuiltApp(running.get(app)!)]));
    expect(Object.fromEntries(codes)).toEqual(Object.fromEntries(apps.map((app) => [app, 0])));
  });
});
