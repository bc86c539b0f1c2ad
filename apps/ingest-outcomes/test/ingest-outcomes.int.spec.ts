import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { adHocTopics, createProducer, deadLetterTopic, provisionTopics, readTopic, startHybridApp, type MessageProducer } from '@issuestream/kafka';
import { parseStatsRequest, queryOutcomeStats, type StatsResponse } from '@issuestream/outcomes-data';
import { createCodec, type Outcomes } from '@issuestream/schemas';
import { testAppEnv, testStackEnv, uniqueName, waitFor } from '@issuestream/testing';
import { createIngestOutcomesApp, loadIngestOutcomesConfig, OutcomeResources } from '../src';

jest.setTimeout(120000);

const stack = testStackEnv();
const connection = { brokers: stack.kafkaBrokers, clientId: 'ingest-outcomes-test' };
const codec = createCodec({ registryUrl: stack.schemaRegistryUrl });
const topic = uniqueName('outcomes');
const clickhouseDir = mkdtempSync(path.join(tmpdir(), 'is-ch-outcomes-'));
const orgId = 800_000_000 + Math.floor(Math.random() * 1_000_000);
const otherOrgId = orgId + 1;
const now = new Date();
const timestamp = `${now.toISOString().slice(0, -1)}000Z`;
let producer: MessageProducer;
let app: INestApplication | undefined;

const outcome = (fields: Partial<Outcomes.OutcomeInput>): Outcomes.OutcomeInput => ({
  timestamp, org_id: orgId, project_id: 1, key_id: null, outcome: 0, reason: null, event_id: null, category: 14, quantity: 1, source: 'test', ...fields,
});

async function startConsumer(groupId: string): Promise<INestApplication> {
  const env = { ...process.env, ...testAppEnv({ OUTCOMES_TOPIC: topic, KAFKA_GROUP_ID: groupId, KAFKA_TOPIC_PARTITIONS: '2', CLICKHOUSE_PATH: clickhouseDir, HTTP_PORT: '0' }) };
  const started = await createIngestOutcomesApp(loadIngestOutcomesConfig(env), env, { logger: ['error'] });
  await startHybridApp(started, 0, '127.0.0.1');
  return started;
}

async function stats(org: number, query: Record<string, string | string[]>): Promise<StatsResponse> {
  const parsed = parseStatsRequest({ field: 'sum(quantity)', statsPeriod: '1d', ...query });
  if (!parsed.ok) throw new Error(parsed.detail);
  return queryOutcomeStats(app!.get(OutcomeResources).clickhouse, org, parsed.request);
}

const totals = (response: StatsResponse) => Object.fromEntries(response.groups.map((g) => [Object.values(g.by).join('/'), g.totals['sum(quantity)']]));

beforeAll(async () => {
  await provisionTopics(connection, adHocTopics(topic, 2));
  await codec.registerAll();
  producer = await createProducer(connection);
});

afterAll(async () => {
  await app?.close();
  await producer.disconnect();
  rmSync(clickhouseDir, { recursive: true, force: true });
});

describe('ingest-outcomes', () => {
  it('counts Avro and Relay JSON outcomes per outcome and reason, parks garbage, and counts nothing twice when the topic is consumed again', async () => {
    const avro = await Promise.all([
      outcome({}), outcome({}), outcome({ outcome: 2, reason: 'key_quota' }), outcome({ outcome: 1, reason: 'spam' }), outcome({ org_id: otherOrgId, project_id: 2 }),
    ].map((o) => codec.encode('outcomes', o)));
    // What a real Relay writes: plain JSON.
    const relayJson = Buffer.from(JSON.stringify({ timestamp, org_id: orgId, project_id: 1, key_id: 3, outcome: 5, reason: 'sample_rate', event_id: null, category: 14, quantity: 4 }));
    await producer.send(topic, [...avro, relayJson].map((value, i) => ({ key: String(i), value })));
    await producer.send(topic, [{ key: 'bad', value: Buffer.from('not an outcome') }]);

    app = await startConsumer(uniqueName('outcomes_group'));
    const expected = { accepted: 2, client_discard: 4, filtered: 1, rate_limited: 1 };
    await waitFor(async () => JSON.stringify(totals(await stats(orgId, { groupBy: 'outcome' }))) === JSON.stringify(expected), { description: 'the outcomes counted' });
    expect(totals(await stats(orgId, { groupBy: ['outcome', 'reason'] }))).toEqual({ 'accepted/': 2, 'client_discard/sample_rate': 4, 'filtered/spam': 1, 'rate_limited/key_quota': 1 });
    expect(totals(await stats(otherOrgId, { groupBy: 'project' }))).toEqual({ 2: 1 });
    const [dead] = await readTopic(connection, deadLetterTopic(topic), { until: (m) => m.length >= 1 });
    expect(dead?.headers['x-dlq-reason']).toBeTruthy();

    // A new consumer group reads the topic from the beginning: every message is delivered again.
    await app.close();
    app = await startConsumer(uniqueName('outcomes_replay'));
    // One sentinel per partition: once both are counted, every message before them was delivered again.
    const sentinelOrg = orgId + 2;
    const sentinel = await codec.encode('outcomes', outcome({ org_id: sentinelOrg }));
    await producer.send(topic, [0, 1].map((partition) => ({ key: 'sentinel', value: sentinel, partition })));
    await waitFor(async () => (await stats(sentinelOrg, {})).groups[0]?.totals['sum(quantity)'] === 2, { description: 'the sentinels after the replay' });
    expect(totals(await stats(orgId, { groupBy: 'outcome' }))).toEqual(expected);
    expect(totals(await stats(otherOrgId, { groupBy: 'project' }))).toEqual({ 2: 1 });
  });
});
