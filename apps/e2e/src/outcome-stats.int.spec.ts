import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApiApp, loadApiConfig } from '@issuestream/api';
import { ApiTokenStore } from '@issuestream/api-tokens-data';
import { feedbackEvent, keywordSpamDetector } from '@issuestream/feedback/testing';
import { createIngestFeedbackApp, loadIngestFeedbackConfig } from '@issuestream/ingest-feedback-events';
import { createIngestOutcomesApp, loadIngestOutcomesConfig } from '@issuestream/ingest-outcomes';
import { adHocTopics, provisionTopics, startHybridApp } from '@issuestream/kafka';
import { createRelayApp, loadRelayConfig } from '@issuestream/relay';
import { createCodec } from '@issuestream/schemas';
import { createPgPool, TenantStore, type CreatedProjectKey } from '@issuestream/storage';
import { testAppEnv, testStackEnv, uniqueName, waitFor } from '@issuestream/testing';
import type { Pool } from 'pg';

jest.setTimeout(180000);

const stack = testStackEnv();
const connection = { brokers: stack.kafkaBrokers, clientId: 'e2e-outcomes-test' };
const clickhouseDir = mkdtempSync(path.join(tmpdir(), 'is-ch-e2e-outcomes-'));
const [feedbackTopic, occurrencesTopic, outcomesTopic, eventsTopic, attachmentsTopic] = ['feedback', 'occurrences', 'outcomes', 'ingest_events', 'attachments'].map(uniqueName) as [string, string, string, string, string];
const common = {
  ...process.env,
  ...testAppEnv({
    FEEDBACK_TOPIC: feedbackTopic, OCCURRENCES_TOPIC: occurrencesTopic, OUTCOMES_TOPIC: outcomesTopic, EVENTS_TOPIC: eventsTopic, ATTACHMENTS_TOPIC: attachmentsTopic,
    KAFKA_TOPIC_PARTITIONS: '1', CLICKHOUSE_PATH: clickhouseDir, HTTP_PORT: '0', RELAY_PORT: '0',
  }),
};
let relay: INestApplication;
let feedback: INestApplication;
let outcomes: INestApplication;
let api: INestApplication;
let pool: Pool;
let relayUrl = '';
let apiUrl = '';

interface Org {
  slug: string;
  token: string;
  projectId: number;
  key: CreatedProjectKey;
  limitedKey: CreatedProjectKey;
}

interface Stats {
  intervals: string[];
  groups: { by: Record<string, string | number>; totals: Record<string, number>; series: Record<string, number[]> }[];
}

const localUrl = async (app: INestApplication) => (await app.getUrl()).replace('[::1]', '127.0.0.1');

async function startOutcomes(groupId: string): Promise<void> {
  const env = { ...common, KAFKA_GROUP_ID: groupId };
  outcomes = await createIngestOutcomesApp(loadIngestOutcomesConfig(env), env, { logger: ['error'] });
  await startHybridApp(outcomes, 0, '127.0.0.1');
}

async function startApi(): Promise<void> {
  const env = { ...common, OUTCOMES_STATS_URL: await localUrl(outcomes) };
  api = await createApiApp(loadApiConfig(env), env, ['error']);
  await api.listen(0, '127.0.0.1');
  apiUrl = await localUrl(api);
}

async function createOrg(tenants: TenantStore): Promise<Org> {
  const org = await tenants.createOrganization({ slug: uniqueName('org').replace(/_/g, '-') });
  const project = await tenants.createProject({ organizationId: org.id, slug: 'web', platform: 'javascript' });
  return {
    slug: org.slug,
    token: (await new ApiTokenStore(pool).create({ organizationId: org.id, scopes: ['org:read'] })).secret,
    projectId: project.id,
    key: await tenants.createProjectKey({ projectId: project.id }),
    // One envelope a minute: the second feedback through it is refused with an outcome.
    limitedKey: await tenants.createProjectKey({ projectId: project.id, rateLimit: { count: 1, windowSeconds: 60 } }),
  };
}

async function sendFeedback(org: Org, key: CreatedProjectKey, message: string): Promise<number> {
  const event = feedbackEvent({ message, contact_email: 'ann@example.com' });
  const body = [JSON.stringify({ event_id: event.event_id, sent_at: new Date().toISOString() }), JSON.stringify({ type: 'feedback' }), JSON.stringify(event)].join('\n');
  const answer = await fetch(`${relayUrl}/api/${org.projectId}/envelope/?sentry_key=${key.publicKey}&sentry_version=7`, { method: 'POST', body, headers: { 'content-type': 'application/x-sentry-envelope' } });
  return answer.status;
}

async function stats(org: Org, query: string, token = org.token): Promise<{ status: number; body: Stats & { detail?: string; field?: string } }> {
  const answer = await fetch(`${apiUrl}/api/0/organizations/${org.slug}/stats_v2/?${query}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: answer.status, body: (await answer.json()) as Stats & { detail?: string; field?: string } };
}

const sum = (series: number[] | undefined) => (series ?? []).reduce((total, value) => total + value, 0);
const totalsBy = (s: Stats) => Object.fromEntries(s.groups.map((g) => [Object.values(g.by).join('/'), g.totals['sum(quantity)']]));
const BY_OUTCOME_AND_REASON = 'field=sum(quantity)&groupBy=outcome&groupBy=reason&category=feedback&statsPeriod=1d&interval=1h';
const EXPECTED = { 'accepted/': 2, 'invalid/empty': 1, 'rate_limited/key_quota': 2 };

let a: Org;
let b: Org;

beforeAll(async () => {
  await provisionTopics(connection, [feedbackTopic, occurrencesTopic, outcomesTopic, eventsTopic, attachmentsTopic].flatMap((t) => adHocTopics(t, 1)));
  await createCodec({ registryUrl: stack.schemaRegistryUrl }).registerAll();
  await startOutcomes(uniqueName('outcomes_group'));
  const feedbackEnv = { ...common, KAFKA_GROUP_ID: uniqueName('fb_group') };
  feedback = await createIngestFeedbackApp(loadIngestFeedbackConfig(feedbackEnv), feedbackEnv, { spamDetector: keywordSpamDetector }, { logger: ['error'] });
  await startHybridApp(feedback, 0, '127.0.0.1');
  relay = await createRelayApp(loadRelayConfig(common), common, ['error']);
  await relay.listen(0, '127.0.0.1');
  relayUrl = await localUrl(relay);
  await startApi();
  pool = createPgPool(stack.databaseUrl, { applicationName: 'e2e-outcomes' });
  const tenants = new TenantStore(pool, { cacheTtlMs: 0 });
  a = await createOrg(tenants);
  b = await createOrg(tenants);
});

afterAll(async () => {
  await Promise.allSettled([relay?.close(), api?.close(), feedback?.close()]);
  await outcomes?.close();
  await pool?.end();
  rmSync(clickhouseDir, { recursive: true, force: true });
});

describe('outcome stats: relay and ingest-feedback-events → outcomes → ingest-outcomes → api stats_v2', () => {
  it('counts feedback accepted by the consumer, refused as invalid, and rate-limited by the relay, per outcome and reason', async () => {
    expect(await sendFeedback(a, a.key, 'The checkout button does nothing')).toBe(200);
    expect(await sendFeedback(a, a.key, '   ')).toBe(200);
    expect(await sendFeedback(a, a.limitedKey, 'Prices look wrong')).toBe(200);
    expect(await sendFeedback(a, a.limitedKey, 'Still wrong')).toBe(429);
    expect(await sendFeedback(a, a.limitedKey, 'Hello?')).toBe(429);
    expect(await sendFeedback(b, b.key, 'Other organisation')).toBe(200);

    const result = await waitFor(async () => {
      const { body } = await stats(a, BY_OUTCOME_AND_REASON);
      return JSON.stringify(totalsBy(body)) === JSON.stringify(EXPECTED) ? body : undefined;
    }, { description: 'the outcomes of organisation A in stats_v2', timeoutMs: 60000 });
    expect(result.intervals.length).toBeGreaterThanOrEqual(24);
    const accepted = result.groups.find((g) => g.by['outcome'] === 'accepted');
    expect(accepted?.series['sum(quantity)']).toHaveLength(result.intervals.length);
    expect(sum(accepted?.series['sum(quantity)'])).toBe(2);

    const byProject = await stats(a, `field=sum(quantity)&field=sum(times_seen)&groupBy=project&groupBy=category&statsPeriod=1d&interval=1d&project=${a.projectId}`);
    expect(byProject.status).toBe(200);
    // 1d intervals over the last day: yesterday's and today's (UTC) buckets.
    expect(byProject.body.intervals).toHaveLength(2);
    expect(byProject.body.groups.map((g) => [g.by, g.totals, sum(g.series['sum(quantity)']), sum(g.series['sum(times_seen)'])])).toEqual([
      [{ project: a.projectId, category: 'feedback' }, { 'sum(quantity)': 5, 'sum(times_seen)': 5 }, 5, 5],
    ]);
  });

  it('keeps organisations apart: each token sees its own counts, never the other\'s', async () => {
    const other = await waitFor(async () => {
      const { body } = await stats(b, 'field=sum(quantity)&groupBy=outcome&statsPeriod=1d');
      return body.groups.length > 0 ? body : undefined;
    }, { description: 'organisation B\'s outcome' });
    expect(totalsBy(other)).toEqual({ accepted: 1 });
    // A's project id in B's query matches nothing of B's, and B's token cannot read A.
    const foreignProject = (await stats(b, `field=sum(quantity)&project=${a.projectId}`)).body.groups;
    expect(foreignProject.map((g) => [g.by, g.totals, Math.max(...(g.series['sum(quantity)'] ?? []))])).toEqual([[{}, { 'sum(quantity)': 0 }, 0]]);
    expect((await stats(a, 'field=sum(quantity)', b.token)).status).toBe(404);
    expect((await stats(a, 'field=sum(quantity)', 'bad-token')).status).toBe(401);
  });

  it('answers bad parameters with 400 naming the field', async () => {
    for (const [query, field] of [['', 'field'], ['field=sum(quantity)&groupBy=key', 'groupBy'], ['field=sum(quantity)&interval=10m', 'interval'], ['field=sum(quantity)&statsPeriod=forever', 'statsPeriod'], ['field=sum(quantity)&category=mail', 'category']]) {
      const { status, body } = await stats(a, query!);
      expect([status, body.field]).toEqual([400, field]);
      expect(body.detail).toContain(field);
    }
  });

  it('counts nothing twice when the outcomes are consumed again from the beginning', async () => {
    await api.close();
    await outcomes.close();
    await startOutcomes(uniqueName('outcomes_replay'));
    await startApi();
    // A sentinel after the replayed messages: once it is counted, the replay went past everything before it.
    expect(await sendFeedback(b, b.key, 'Sentinel')).toBe(200);
    await waitFor(async () => totalsBy((await stats(b, 'field=sum(quantity)&groupBy=outcome&statsPeriod=1d')).body)['accepted'] === 2, { description: 'the sentinel' });
    expect(totalsBy((await stats(a, BY_OUTCOME_AND_REASON)).body)).toEqual(EXPECTED);
  });
});
