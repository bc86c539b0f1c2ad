import { uniqueName } from '@issuestream/testing';
import { ConsumerRuntime, deadLetterTopic, defineRoute, readTopic, replayDeadLetters, type ReplayProgress } from '../src';
import { connection, decodeTestEvent, fastTuning, freshTopic, produceEvents, type TestEvent } from './harness';

describe('replayDeadLetters against a real broker', () => {
  it('puts what a real consumer dead-lettered for one reason back on the source topic, as it was', async () => {
    const topic = await freshTopic(2);
    await produceEvents(topic, [{ key: 'a', seq: 1 }, Buffer.from('not json'), { key: 'b', seq: 2 }, { key: 'c', seq: 3 }], { origin: 'test' });
    const runtime = new ConsumerRuntime({
      connection,
      groupId: uniqueName('replay_group'),
      tuning: fastTuning(),
      routes: [
        defineRoute<TestEvent>({
          topic,
          decode: decodeTestEvent,
          handle: async (batch, context) => batch.filter((m) => m.value.seq === 2).forEach((m) => context.reject(m, 'business_rule', 'seq 2 is refused')),
        }),
      ],
      onFatal: (error) => {
        throw error;
      },
    });
    await runtime.start();
    await readTopic(connection, deadLetterTopic(topic), { until: (read) => read.length === 2 });
    await runtime.stop();

    const progress: ReplayProgress[] = [];
    const result = await replayDeadLetters(connection, { topic, reasons: ['business_rule'], onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ total: 2, read: 2, replayed: 1, skipped: 1, byReason: { business_rule: 1 } });
    expect(progress.at(-1)).toMatchObject({ read: 2, replayed: 1 });

    const source = await readTopic(connection, topic, { until: (read) => read.length === 5 });
    const replayed = source.filter((m) => m.value?.toString() === JSON.stringify({ key: 'b', seq: 2 }));
    expect(replayed).toHaveLength(2);
    for (const message of replayed) {
      expect(message.key?.toString()).toBe('b');
      expect(message.headers).toEqual({ origin: 'test' });
    }
    // Same key, same partition: the replayed copy queues behind the original.
    expect(new Set(replayed.map((m) => m.partition)).size).toBe(1);
  });
});
