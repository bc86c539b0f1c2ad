import { uniqueName, waitFor } from '@issuestream/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { adHocTopics, ConsumerRuntime, defineRoute, provisionTopics } from '../src';
import { BrokerNotReadyError, waitUntilServed } from '../src/broker-readiness';
import { consumerMetrics } from '../src/metrics';
import { connection, decodeTestEvent, fastTuning, freshTopic, produceEvents } from './harness';

async function joinsOf(groupId: string): Promise<number> {
  const { values } = await consumerMetrics.groupJoins.get();
  return values.find((value) => value.labels['group'] === groupId)?.value ?? 0;
}

describe('joining a group on topics created a moment ago', () => {
  let runtime: ConsumerRuntime | undefined;
  afterEach(() => runtime?.stop());

  it('joins once and consumes every partition', async () => {
    const topic = await freshTopic(4);
    await produceEvents(topic, Array.from({ length: 40 }, (_, seq) => ({ key: `k${seq}`, seq })));
    const groupId = uniqueName('group');
    const seen = new Set<number>();
    runtime = new ConsumerRuntime({
      connection,
      groupId,
      tuning: fastTuning(),
      routes: [defineRoute({ topic, decode: decodeTestEvent, handle: async (batch) => batch.forEach((m) => seen.add(m.partition)) })],
      onFatal: (error) => { throw error; },
    });
    await runtime.start();
    await waitFor(() => seen.size === 4, { description: 'messages from all four partitions' });
    expect(await joinsOf(groupId)).toBe(1);
  });

  it('waits for a topic that another app has not created yet, then joins once', async () => {
    const topic = uniqueName('late');
    const groupId = uniqueName('group');
    let processed = 0;
    runtime = new ConsumerRuntime({
      connection,
      groupId,
      tuning: fastTuning(),
      routes: [defineRoute({ topic, decode: decodeTestEvent, handle: async (batch) => void (processed += batch.length) })],
      onFatal: (error) => { throw error; },
    });
    const started = runtime.start();
    await sleep(1000);
    await provisionTopics(connection, adHocTopics(topic, 2));
    await started;
    await produceEvents(topic, [{ key: 'a', seq: 1 }, { key: 'b', seq: 2 }]);
    await waitFor(() => processed === 2, { description: 'both messages processed' });
    expect(await joinsOf(groupId)).toBe(1);
  });

  it('gives up on a topic that does not exist, naming it', async () => {
    const missing = uniqueName('missing');
    const error = await waitUntilServed(connection, { topics: [missing] }, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerNotReadyError);
    expect((error as Error).message).toContain(missing);
  });
});
