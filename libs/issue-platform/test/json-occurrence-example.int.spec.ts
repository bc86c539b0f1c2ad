/**
 * The README's example for teams without Node, run as written: one reference
 * JSON occurrence produced with Kafka's console producer reaches a running
 * ingest-occurrences process, which resolves registered types for JSON the
 * same way as for Avro and still dead-letters a type nobody registered.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { readTopic } from '@issuestream/kafka';
import { uniqueName, waitFor } from '@issuestream/testing';
import { createDefaultRegistry, defineGroupType, GroupCategory, GroupTypeStore } from '../src';
import { RunningIngest } from './running-ingest';

const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'libs/issue-platform/examples/json-occurrence/produce-occurrence.sh');
const CONSOLE_PRODUCER = path.join(ROOT, 'deploy/local/bin/kafka-console-producer.sh');

describe('JSON occurrences from the console producer', () => {
  const ingest = new RunningIngest();
  const typeId = 400000 + Math.floor(Math.random() * 1_000_000);

  beforeAll(() => ingest.start(), 180_000);
  afterAll(() => ingest.stop());

  const produce = (env: Record<string, string>) =>
    execFileSync('sh', [SCRIPT], {
      env: { ...process.env, KAFKA_CONSOLE_PRODUCER: CONSOLE_PRODUCER, BOOTSTRAP: ingest.stack.kafkaBrokers.join(','), TOPIC: ingest.topic, PROJECT_ID: String(ingest.projectId), ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      // The first run on a machine fetches Kafka's tools through Maven.
      timeout: 240_000,
    });

  it('opens an issue of a type registered by another service', async () => {
    const store = await GroupTypeStore.open(ingest.pool, { local: createDefaultRegistry() });
    await store.register(
      defineGroupType({ typeId, slug: uniqueName('queue_backlog'), description: 'Queue backlog growing', category: GroupCategory.PERFORMANCE, released: true }),
      { owner: 'queue-watch' },
    );
    expect(produce({ TYPE_ID: String(typeId) })).toMatch(/^produced occurrence [0-9a-f]{32} \(type \d+, project \d+\)/m);
    const [issue] = await waitFor(async () => {
      const issues = await ingest.issues();
      return issues.length === 1 && issues;
    }, { timeoutMs: 60_000, description: 'the issue' });
    expect(issue).toMatchObject({ type: typeId, title: 'Queue emails is backing up', status: 0, times_seen: '1' });
  }, 300_000);

  it('dead-letters a type nobody registered, naming the reason', async () => {
    produce({ TYPE_ID: String(typeId + 1), FINGERPRINT: 'queue:unknown' });
    const connection = { brokers: ingest.stack.kafkaBrokers, clientId: 'issue-platform-test' };
    const [letter] = await readTopic(connection, `${ingest.topic}-dlq`, { until: (messages) => messages.length >= 1 });
    expect(letter!.headers['x-dlq-reason']).toBe('unknown_group_type');
    expect(letter!.key?.toString()).toBe(`queue:unknown-${ingest.projectId}`);
  }, 120_000);
});
