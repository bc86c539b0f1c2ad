import { randomBytes } from 'node:crypto';
import { context, propagation, trace } from '@opentelemetry/api';
import { headerCarrier, installTracing } from '@issuestream/observability';
import { uniqueName, waitFor } from '@issuestream/testing';
import { ConsumerRuntime, DeadLetterLimitError, defineRoute, deadLetterTopic, groupLag, readTopic, type ConsumedMessage } from '../src';
import { connection, decodeTestEvent, fastTuning, freshTopic, produceEvents, type TestEvent } from './harness';

installTracing();

const runtimes: ConsumerRuntime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.stop()));
});

function startRuntime(
  topic: string,
  handle: (batch: readonly ConsumedMessage<TestEvent>[], ctx: Parameters<Parameters<typeof defineRoute<TestEvent>>[0]['handle']>[1]) => Promise<void>,
  options: { groupId?: string; keyed?: boolean; onFatal?: (error: Error) => void; tuning?: ReturnType<typeof fastTuning> } = {},
): ConsumerRuntime {
  const runtime = new ConsumerRuntime({
    connection,
    groupId: options.groupId ?? uniqueName('group'),
    tuning: options.tuning ?? fastTuning(),
    routes: [defineRoute<TestEvent>({ topic, decode: decodeTestEvent, handle, keyOf: options.keyed ? (m) => m.value.key : undefined })],
    onFatal: options.onFatal ?? ((error) => { throw error; }),
  });
  runtimes.push(runtime);
  return runtime;
}

describe('ConsumerRuntime against a real broker', () => {
  it('processes every message once, in order per key, and commits on stop', async () => {
    const topic = await freshTopic(3);
    const events = Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 7}`, seq: i }));
    await produceEvents(topic, events);
    const seen = new Map<string, number[]>();
    const groupId = uniqueName('group');
    const runtime = startRuntime(topic, async (batch) => {
      for (const { value } of batch) seen.set(value.key, [...(seen.get(value.key) ?? []), value.seq]);
    }, { groupId, keyed: true });
    await runtime.start();
    await waitFor(() => [...seen.values()].flat().length === 300, { description: '300 processed messages' });
    for (const [key, seqs] of seen) {
      expect(seqs).toEqual(events.filter((e) => e.key === key).map((e) => e.seq));
    }
    await runtime.stop();
    const lag = await groupLag(connection, groupId, topic);
    expect(lag.reduce((sum, p) => sum + p.lag, 0)).toBe(0);
  });

  it('commits the last batch before the topic goes quiet without waiting for another batch, once the interval is up', async () => {
    const topic = await freshTopic(1);
    const groupId = uniqueName('group');
    let processed = 0;
    const runtime = startRuntime(topic, async (batch) => {
      processed += batch.length;
    }, { groupId, tuning: fastTuning({ commitIntervalMs: 1000 }) });
    await runtime.start();
    // Two sends, the second inside the interval the first one's commit opened: nothing comes after it.
    await produceEvents(topic, [{ key: 'a', seq: 0 }]);
    await waitFor(async () => processed === 1 && (await groupLag(connection, groupId, topic))[0]?.lag === 0, { description: 'the first message committed' });
    await produceEvents(topic, [{ key: 'a', seq: 1 }]);
    await waitFor(async () => processed === 2, { description: 'the second message processed' });
    await waitFor(async () => (await groupLag(connection, groupId, topic))[0]?.lag === 0, { timeoutMs: 30000, description: 'the second message committed while the topic is quiet' });
  });

  it('processes the partitions of one fetch as one batch', async () => {
    const topic = await freshTopic(3);
    await produceEvents(topic, Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, seq: i })));
    const batches: number[][] = [];
    const runtime = startRuntime(topic, async (batch) => {
      batches.push([...new Set(batch.map((m) => m.partition))]);
    });
    await runtime.start();
    await waitFor(() => batches.flat().length >= 3, { description: 'all three partitions processed' });
    expect(batches[0]).toHaveLength(3);
  });

  it('with KAFKA_BATCH_MIN_BYTES, a fetch waits for the bytes to arrive and takes them as one batch', async () => {
    const topic = await freshTopic(1);
    const batches: number[][] = [];
    const tuning = fastTuning({ limits: { maxMessages: 50, maxBytes: 1024 * 1024, maxWaitMs: 8000, minBytes: 2048 } });
    const runtime = startRuntime(topic, async (batch) => {
      batches.push(batch.map((m) => m.value.seq));
    }, { tuning });
    await runtime.start();
    await waitFor(() => runtime.isJoined, { description: 'the consumer to join' });
    // Fewer bytes than the minimum: the broker holds the fetch open.
    await produceEvents(topic, [0, 1, 2].map((seq) => ({ key: 'k', seq })));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Random hex barely compresses, so these cross the minimum and release the fetch.
    await produceEvents(topic, [3, 4, 5].map((seq) => ({ key: 'k', seq, padding: randomBytes(1024).toString('hex') })));
    await waitFor(() => batches.flat().length === 6, { description: 'six processed messages' });
    expect(batches).toEqual([[0, 1, 2, 3, 4, 5]]);
  });

  it('dead-letters poison with its reason and source offset, and keeps going', async () => {
    const topic = await freshTopic(1);
    await produceEvents(topic, [{ key: 'a', seq: 1 }, Buffer.from('{not json'), { key: 'a', seq: 2 }]);
    const processed: number[] = [];
    const runtime = startRuntime(topic, async (batch, ctx) => {
      for (const message of batch) {
        if (message.value.poison) ctx.reject(message, 'poison_flag', 'poison: flagged by the test');
        else processed.push(message.value.seq);
      }
    });
    await runtime.start();
    await produceEvents(topic, [{ key: 'b', seq: 3, poison: true }, { key: 'b', seq: 4 }]);
    await waitFor(() => processed.length === 3, { description: 'three good messages' });
    expect(processed).toEqual([1, 2, 4]);
    const letters = await readTopic(connection, deadLetterTopic(topic), { until: (m) => m.length >= 2 });
    expect(letters.map((l) => l.headers['x-dlq-reason'])).toEqual(['malformed_json', 'poison_flag']);
    expect(letters[0]!.value!.toString()).toBe('{not json');
    expect(letters[0]!.headers).toMatchObject({ 'x-dlq-source-topic': topic, 'x-dlq-source-partition': '0', 'x-dlq-source-offset': '1' });
    expect(letters[0]!.headers['x-dlq-error']).toMatch(/not JSON/);
    expect(letters[1]!.headers['x-dlq-source-offset']).toBe('3');
  });

  it('retries a failing batch with the partition paused, skipping nothing', async () => {
    const topic = await freshTopic(1);
    await produceEvents(topic, Array.from({ length: 20 }, (_, i) => ({ key: 'k', seq: i })));
    let failuresLeft = 3;
    const stored = new Set<number>();
    const runtime = startRuntime(topic, async (batch) => {
      if (failuresLeft-- > 0) throw new Error('connection terminated unexpectedly');
      batch.forEach((m) => stored.add(m.value.seq));
    });
    await runtime.start();
    await waitFor(() => stored.size === 20, { description: 'all 20 messages after retries' });
    expect([...stored].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('stops the consumer when too many messages in a row are dead-lettered', async () => {
    const topic = await freshTopic(1);
    await produceEvents(topic, Array.from({ length: 5 }, () => Buffer.from('garbage')));
    let fatal: Error | undefined;
    const runtime = startRuntime(topic, async () => undefined, {
      tuning: fastTuning({ deadLetterLimit: 2 }),
      onFatal: (error) => (fatal = error),
    });
    await runtime.start();
    const error = await waitFor(() => fatal, { description: 'the DLQ limit to trip' });
    expect(error).toBeInstanceOf(DeadLetterLimitError);
  });

  it('continues the producer trace in follow-up messages', async () => {
    const topic = await freshTopic(1);
    const followUps = await freshTopic(1);
    const span = trace.getTracer('test').startSpan('sdk request');
    const headers: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), headers, headerCarrier);
    span.end();
    await produceEvents(topic, [{ key: 'a', seq: 1 }], headers);
    const runtime = startRuntime(topic, async (batch, ctx) => {
      await ctx.producer.send(followUps, batch.map((m) => ({ key: m.key, value: m.raw })));
    });
    await runtime.start();
    const [followUp] = await readTopic(connection, followUps, { until: (m) => m.length === 1 });
    const traceId = span.spanContext().traceId;
    expect(followUp!.headers['traceparent']).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(followUp!.headers['traceparent']).not.toContain(span.spanContext().spanId);
  });
});
