import { metricsRegistry } from '@issuestream/observability';
import { uniqueName, waitFor } from '@issuestream/testing';
import { ConsumerRuntime, defineRoute } from '../src';
import { connection, decodeTestEvent, fastTuning, freshTopic, produceEvents, type TestEvent } from './harness';

interface Sample {
  value: number;
  labels: Record<string, string | number | undefined>;
  metricName?: string;
}

/** Samples of a series (a histogram's `_count` too) whose labels include `labels`. */
async function samples(name: string, labels: Record<string, string> = {}): Promise<Sample[]> {
  const metric = metricsRegistry.getSingleMetric(name) ?? metricsRegistry.getSingleMetric(name.replace(/_count$/, ''));
  if (!metric) throw new Error(`no metric ${name}`);
  const values: Sample[] = (await metric.get()).values;
  return values
    .filter((v) => (v.metricName ?? name) === name)
    .filter((v) => Object.entries(labels).every(([key, value]) => String(v.labels[key]) === value));
}
const total = async (name: string, labels: Record<string, string> = {}) => (await samples(name, labels)).reduce((sum, v) => sum + v.value, 0);

let runtime: ConsumerRuntime | undefined;
afterEach(() => runtime?.stop());

describe('consumer metrics against a real broker', () => {
  it('reports lag per partition from committed offsets, dead letters by reason, batch durations and the last commit', async () => {
    const topic = await freshTopic(2);
    const events: (TestEvent | Buffer)[] = Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, seq: i }));
    events.push(Buffer.from('not json'), Buffer.from('{broken'));
    await produceEvents(topic, events);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const started = Date.now() / 1000;
    runtime = new ConsumerRuntime({
      connection,
      groupId: uniqueName('metrics_group'),
      tuning: fastTuning(),
      routes: [defineRoute<TestEvent>({ topic, decode: decodeTestEvent, handle: () => released })],
      onFatal: (error) => {
        throw error;
      },
    });
    await runtime.start();

    // Nothing is committed while the first batches are held: every message is lag.
    await waitFor(async () => (await total('issuestream_consumer_lag_messages', { topic })) === 22, { description: 'a lag of all 22 messages' });
    expect((await samples('issuestream_consumer_lag_messages', { topic })).map((s) => s.labels['partition']).sort()).toEqual([0, 1]);

    release();
    await waitFor(async () => (await total('issuestream_consumer_lag_messages', { topic })) === 0, { description: 'the lag to drop to 0 after the commits' });
    expect(await total('issuestream_consumer_dead_lettered_total', { topic, reason: 'malformed_json' })).toBe(2);
    expect(await total('issuestream_consumer_batch_duration_seconds_count', { topic })).toBeGreaterThan(0);
    const [lastCommit] = await samples('issuestream_consumer_last_commit_timestamp_seconds');
    expect(lastCommit!.value).toBeGreaterThanOrEqual(Math.floor(started));
  });
});
