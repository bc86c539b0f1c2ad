import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import * as Sentry from '@sentry/node';
import { createIngestEventsApp, EventResources, loadIngestEventsConfig } from '@issuestream/ingest-events';
import { listErrors } from '@issuestream/issues-data';
import { adHocTopics, provisionTopics, startHybridApp } from '@issuestream/kafka';
import { createRelayApp, loadRelayConfig } from '@issuestream/relay';
import { createCodec } from '@issuestream/schemas';
import { TenantStore } from '@issuestream/storage';
import { testAppEnv, testStackEnv, uniqueName, waitFor } from '@issuestream/testing';

jest.setTimeout(120000);

const stack = testStackEnv();
const connection = { brokers: stack.kafkaBrokers, clientId: 'e2e-errors-test' };
const clickhouseDir = mkdtempSync(path.join(tmpdir(), 'is-ch-e2e-errors-'));
let relay: INestApplication;
let ingest: INestApplication;
let resources: EventResources;
let projectId = 0;

interface GroupRow {
  id: string;
  type: number;
  title: string;
  culprit: string;
  times_seen: string;
}

beforeAll(async () => {
  const [ingestTopic, eventsTopic, outcomesTopic, attachments, feedback] = ['ingest_events', 'events', 'outcomes', 'attachments', 'feedback'].map(uniqueName);
  await provisionTopics(connection, [ingestTopic!, eventsTopic!, outcomesTopic!, attachments!, feedback!].flatMap((t) => adHocTopics(t, 1)));
  await createCodec({ registryUrl: stack.schemaRegistryUrl }).registerAll();
  const env = {
    ...process.env,
    ...testAppEnv({
      EVENTS_TOPIC: ingestTopic!, EVENTS_INGEST_TOPIC: ingestTopic!, EVENTSTREAM_TOPIC: eventsTopic!, OUTCOMES_TOPIC: outcomesTopic!,
      ATTACHMENTS_TOPIC: attachments!, FEEDBACK_TOPIC: feedback!, KAFKA_GROUP_ID: uniqueName('errors_group'), KAFKA_TOPIC_PARTITIONS: '1',
      CLICKHOUSE_PATH: clickhouseDir, HTTP_PORT: '0', RELAY_PORT: '0',
    }),
  };
  ingest = await createIngestEventsApp(loadIngestEventsConfig(env), env, { logger: ['error'] });
  await startHybridApp(ingest, 0, '127.0.0.1');
  resources = ingest.get(EventResources);
  relay = await createRelayApp(loadRelayConfig(env), env, ['error']);
  await relay.listen(0, '127.0.0.1');

  const tenants = new TenantStore(resources.pool, { cacheTtlMs: 0 });
  const org = await tenants.createOrganization({ slug: uniqueName('org').replace(/_/g, '-') });
  projectId = (await tenants.createProject({ organizationId: org.id, slug: 'app', platform: 'node' })).id;
  const key = await tenants.createProjectKey({ projectId });
  const port = new URL(await relay.getUrl()).port;
  Sentry.init({
    dsn: `http://${key.publicKey}@127.0.0.1:${port}/${projectId}`,
    defaultIntegrations: false,
    integrations: [Sentry.linkedErrorsIntegration()],
    skipOpenTelemetrySetup: true,
    environment: 'e2e',
  });
});

afterAll(async () => {
  await Sentry.close(2000);
  await relay?.close();
  await ingest?.close();
  rmSync(clickhouseDir, { recursive: true, force: true });
});

async function groups(): Promise<GroupRow[]> {
  const { rows } = await resources.pool.query<GroupRow>(`SELECT id, type, title, culprit, times_seen FROM groups WHERE project_id = $1 ORDER BY id`, [projectId]);
  return rows;
}

/** Sends through the SDK and waits until the event's errors row exists; returns its issue. */
async function capture(send: () => string): Promise<GroupRow> {
  const eventId = send().replace(/-/g, '');
  await Sentry.flush(5000);
  const row = await waitFor(async () => (await listErrors(resources.clickhouse, { projectIds: [projectId], eventIds: [eventId] }))[0], { description: `the errors row of ${eventId}` });
  const group = (await groups()).find((g) => Number(g.id) === row.group_id);
  if (!group) throw new Error(`no issue ${row.group_id}`);
  return group;
}

function loadCart(id: string): never {
  throw new TypeError(`cart ${id} has no items`);
}

function attempt(fn: () => void): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('a real @sentry/node SDK → relay → ingest-events', () => {
  it('groups a thrown error by its stack: a second identical throw is the same issue', async () => {
    const first = await capture(() => Sentry.captureException(attempt(() => loadCart('a1'))));
    expect(first).toMatchObject({ type: 1, title: 'TypeError: cart a1 has no items', times_seen: '1' });
    expect(first.culprit).toContain('loadCart');
    const second = await capture(() => Sentry.captureException(attempt(() => loadCart('b2'))));
    expect(second.id).toBe(first.id);
    expect((await groups()).find((g) => g.id === first.id)?.times_seen).toBe('2');
  });

  it('keeps a chained cause in the issue: same outer error with and without a cause are two issues', async () => {
    const plain = await capture(() => Sentry.captureException(attempt(() => { throw new Error('checkout failed'); })));
    const chained = await capture(() => Sentry.captureException(attempt(() => {
      throw new Error('checkout failed', { cause: attempt(() => loadCart('c3')) });
    })));
    expect(chained.title).toBe('Error: checkout failed');
    expect(chained.id).not.toBe(plain.id);
    const row = (await listErrors(resources.clickhouse, { projectIds: [projectId], groupIds: [Number(chained.id)] }))[0];
    expect(row?.exception_types).toEqual(['TypeError', 'Error']);
  });

  it('groups captureMessage with parameters by the parameterized formatted text', async () => {
    const one = await capture(() => Sentry.captureMessage(Sentry.parameterize`Payment ${'1001'} declined for ${'alice'}`, 'warning'));
    expect(one.title).toBe('Payment 1001 declined for alice');
    const two = await capture(() => Sentry.captureMessage(Sentry.parameterize`Payment ${'2002'} declined for ${'bob'}`, 'warning'));
    expect(two.id).not.toBe(one.id); // the formatted text differs beyond parameterization (the names)
    const three = await capture(() => Sentry.captureMessage(Sentry.parameterize`Payment ${'3003'} declined for ${'alice'}`, 'warning'));
    expect(three.id).toBe(one.id); // only the number changed: <int>
    expect(await groups()).toEqual(expect.arrayContaining([expect.objectContaining({ id: one.id, times_seen: '2' })]));
  });
});
