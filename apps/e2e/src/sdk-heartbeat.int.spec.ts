import type { INestApplication } from '@nestjs/common';
import * as Sentry from '@sentry/node';
import { createApiApp, loadApiConfig } from '@issuestream/api';
import { ApiTokenStore } from '@issuestream/api-tokens-data';
import { adHocTopics, provisionTopics } from '@issuestream/kafka';
import { createRelayApp, loadRelayConfig } from '@issuestream/relay';
import { createCodec } from '@issuestream/schemas';
import { buildDsn, createPgPool, TenantStore } from '@issuestream/storage';
import { testAppEnv, testStackEnv, uniqueName, waitFor } from '@issuestream/testing';
import type { Pool } from 'pg';

jest.setTimeout(120000);

const stack = testStackEnv();
const connection = { brokers: stack.kafkaBrokers, clientId: 'e2e-heartbeat-test' };
let relay: INestApplication;
let api: INestApplication;
let pool: Pool;
let tenants: TenantStore;
let relayPort = '';
let apiUrl = '';
const orgSlug = uniqueName('org').replace(/_/g, '-');
let organizationId = 0;
let token = '';

interface SignalTimes {
  firstSeen: string | null;
  lastSeen: string | null;
}

interface Heartbeat {
  serverConnected: boolean;
  connectedBy: string | null;
  firstTransactionReceived: boolean;
  firstErrorReceived: boolean;
  signals: Record<'session' | 'client_report' | 'transaction' | 'error' | 'envelope', SignalTimes>;
  sdks: { name: string; version: string; environment: string | null; lastSeen: string; signals: Record<string, string> }[];
}

beforeAll(async () => {
  const [events, outcomes, attachments, feedback] = ['ingest_events', 'outcomes', 'attachments', 'feedback'].map(uniqueName);
  await provisionTopics(connection, [events!, outcomes!, attachments!, feedback!].flatMap((t) => adHocTopics(t, 1)));
  await createCodec({ registryUrl: stack.schemaRegistryUrl }).registerAll();
  const env = {
    ...process.env,
    ...testAppEnv({
      EVENTS_TOPIC: events!, OUTCOMES_TOPIC: outcomes!, ATTACHMENTS_TOPIC: attachments!, FEEDBACK_TOPIC: feedback!, KAFKA_TOPIC_PARTITIONS: '1',
      HTTP_PORT: '0', RELAY_PORT: '0', SDK_HEARTBEAT_FLUSH_MS: '100',
    }),
  };
  relay = await createRelayApp(loadRelayConfig(env), env, ['error']);
  await relay.listen(0, '127.0.0.1');
  relayPort = new URL(await relay.getUrl()).port;
  api = await createApiApp(loadApiConfig(env), env, ['error']);
  await api.listen(0, '127.0.0.1');
  apiUrl = (await api.getUrl()).replace('[::1]', '127.0.0.1');
  pool = createPgPool(stack.databaseUrl, { applicationName: 'e2e-heartbeat' });
  tenants = new TenantStore(pool, { cacheTtlMs: 0 });
  organizationId = (await tenants.createOrganization({ slug: orgSlug })).id;
  token = (await new ApiTokenStore(pool).create({ organizationId, scopes: ['project:read'] })).secret;
});

afterAll(async () => {
  await Sentry.close(2000);
  await relay?.close();
  await api?.close();
  await pool?.end();
});

/** A fresh project with a key, and the SDK pointed at it (re-initialised, so each test sees only its own signals). */
async function projectWithSdk(slug: string, options: Sentry.NodeOptions = {}): Promise<void> {
  const project = await tenants.createProject({ organizationId, slug, platform: 'node' });
  const key = await tenants.createProjectKey({ projectId: project.id });
  await Sentry.close(2000);
  Sentry.init({
    dsn: buildDsn({ publicKey: key.publicKey, projectId: project.id, host: `127.0.0.1:${relayPort}`, protocol: 'http' }),
    release: 'shop@1.2.3',
    environment: 'e2e',
    tracesSampleRate: 1,
    defaultIntegrations: false,
    sendClientReports: false,
    ...options,
  });
}

const heartbeatUrl = (slug: string, org = orgSlug) => `${apiUrl}/api/0/projects/${org}/${slug}/sdk-heartbeat/`;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function heartbeat(slug: string): Promise<Heartbeat> {
  const answer = await fetch(heartbeatUrl(slug), { headers: bearer(token) });
  expect(answer.status).toBe(200);
  return (await answer.json()) as Heartbeat;
}

const lit = (h: Heartbeat) => Object.entries(h.signals).filter(([, times]) => times.lastSeen !== null).map(([signal]) => signal).sort();

describe('SDK heartbeat: a real @sentry/node SDK → relay → Redis → api', () => {
  it('answers not connected before anything arrived, and 404 for an unknown project', async () => {
    await projectWithSdk('quiet');
    expect(await heartbeat('quiet')).toMatchObject({ serverConnected: false, connectedBy: null, sdks: [] });
    expect((await fetch(heartbeatUrl('nope'), { headers: bearer(token) })).status).toBe(404);
  });

  it('needs an organisation token of the project\'s organisation with a project scope', async () => {
    const tokens = new ApiTokenStore(pool);
    const other = await tenants.createOrganization({ slug: uniqueName('other').replace(/_/g, '-') });
    await tenants.createProject({ organizationId: other.id, slug: 'quiet', platform: 'node' });
    const otherToken = (await tokens.create({ organizationId: other.id, scopes: ['project:read'] })).secret;
    const orgOnly = (await tokens.create({ organizationId, scopes: ['org:read'] })).secret;
    expect((await fetch(heartbeatUrl('quiet'))).status).toBe(401);
    expect((await fetch(heartbeatUrl('quiet'), { headers: bearer('not-a-token') })).status).toBe(401);
    expect((await fetch(heartbeatUrl('quiet'), { headers: bearer(otherToken) })).status).toBe(404);
    expect((await fetch(heartbeatUrl('quiet'), { headers: bearer(orgOnly) })).status).toBe(403);
    expect((await fetch(heartbeatUrl('quiet', other.slug), { headers: bearer(otherToken) })).status).toBe(200);
  });

  it('a session (release set) lights the session signal and connects the project', async () => {
    await projectWithSdk('sessions');
    Sentry.startSession();
    Sentry.captureSession();
    // Ended here, or the next tests' errors would update this session on their own clients.
    Sentry.endSession();
    await Sentry.flush(5000);
    const result = await waitFor(async () => {
      const h = await heartbeat('sessions');
      return h.signals.session.lastSeen ? h : undefined;
    }, { description: 'the session heartbeat' });
    expect(lit(result)).toEqual(['envelope', 'session']);
    expect(result).toMatchObject({ serverConnected: true, connectedBy: 'session', firstTransactionReceived: false, firstErrorReceived: false });
    expect(result.sdks).toEqual([expect.objectContaining({ name: 'sentry.javascript.node', version: Sentry.SDK_VERSION, environment: 'e2e' })]);
  });

  it('a transaction lights the transaction signal and connects the project', async () => {
    await projectWithSdk('transactions');
    Sentry.startSpan({ name: 'GET /checkout', op: 'http.server' }, () => undefined);
    await Sentry.flush(5000);
    const result = await waitFor(async () => {
      const h = await heartbeat('transactions');
      return h.signals.transaction.lastSeen ? h : undefined;
    }, { description: 'the transaction heartbeat' });
    expect(lit(result)).toEqual(['envelope', 'transaction']);
    expect(result).toMatchObject({ serverConnected: true, connectedBy: 'transaction', firstTransactionReceived: true, firstErrorReceived: false });
    expect(result.sdks[0]).toMatchObject({ name: 'sentry.javascript.node', environment: 'e2e', signals: { transaction: result.signals.transaction.lastSeen } });
  });

  it('an error lights the error signal, the fallback for connected', async () => {
    await projectWithSdk('errors');
    Sentry.captureException(new Error('cart is empty'));
    await Sentry.flush(5000);
    const result = await waitFor(async () => {
      const h = await heartbeat('errors');
      return h.signals.error.lastSeen ? h : undefined;
    }, { description: 'the error heartbeat' });
    expect(lit(result)).toEqual(['envelope', 'error']);
    expect(result).toMatchObject({ serverConnected: true, connectedBy: 'error', firstTransactionReceived: false, firstErrorReceived: true });
    expect(result.signals.error.firstSeen).toBe(result.signals.error.lastSeen);
  });

  it('a client report (an event the SDK discarded) lights client_report, the RFC\'s next signal after sessions', async () => {
    await projectWithSdk('reports', { sendClientReports: true, beforeSend: () => null });
    Sentry.captureException(new Error('dropped by beforeSend'));
    // Client reports go out when the client closes (or on its own timer); close sends the pending one.
    await Sentry.close(5000);
    const result = await waitFor(async () => {
      const h = await heartbeat('reports');
      return h.signals.client_report.lastSeen ? h : undefined;
    }, { description: 'the client report heartbeat' });
    expect(lit(result)).toEqual(['client_report', 'envelope']);
    expect(result).toMatchObject({ serverConnected: true, connectedBy: 'client_report', firstErrorReceived: false });
  });
});
