import { adHocTopics, createProducer, provisionTopics, readTopic, type ReadMessage } from '@issuestream/kafka';
import { testStackEnv, uniqueName } from '@issuestream/testing';
import { runAdmin } from './test/run-admin';

const connection = { brokers: testStackEnv().kafkaBrokers, clientId: 'admin-dlq-test' };
const env = { KAFKA_BROKERS: connection.brokers.join(',') };

/** A dead letter as the consumer runtime writes it: original key, value and headers plus the x-dlq-* ones. */
const deadLetter = (topic: string, n: number, reason: string) => ({
  key: `key-${n}`,
  value: Buffer.from(`payload ${n}`),
  headers: {
    traceparent: `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`,
    'x-dlq-reason': reason,
    'x-dlq-error': 'broken',
    'x-dlq-source-topic': topic,
    'x-dlq-source-partition': '0',
    'x-dlq-source-offset': String(n),
  },
});

const values = (messages: readonly ReadMessage[]) => messages.map((m) => m.value?.toString()).sort();

describe('admin dlq replay (child process, real Kafka)', () => {
  it('re-produces the original messages of one reason to the source topic, honouring --dry-run and --limit', async () => {
    const topic = uniqueName('replay');
    await provisionTopics(connection, adHocTopics(topic, 2));
    const producer = await createProducer(connection);
    await producer.send(`${topic}-dlq`, [0, 1, 2, 3, 4].map((n) => deadLetter(topic, n, n % 2 === 0 ? 'malformed_json' : 'invalid_schema')));
    await producer.disconnect();

    const dry = await runAdmin(['dlq', 'replay', topic, '--reason', 'malformed_json', '--dry-run', '--json'], env);
    expect(dry).toMatchObject({ code: 0 });
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, total: 5, read: 5, replayed: 3, skipped: 2, byReason: { malformed_json: 3 } });

    const limited = await runAdmin(['dlq', 'replay', topic, '--reason', 'malformed_json', '--limit', '2'], env);
    expect(limited).toMatchObject({ code: 0 });
    expect(limited.stdout).toContain(`${topic}-dlq → ${topic}: read 5/5, replayed 2, skipped 3`);
    const replayed = await readTopic(connection, topic, { until: (read) => read.length >= 2 });
    expect(replayed).toHaveLength(2);

    const rest = await runAdmin(['dlq', 'replay', topic, '--reason', 'invalid_schema', '--json'], env);
    expect(JSON.parse(rest.stdout)).toMatchObject({ replayed: 2, byReason: { invalid_schema: 2 } });
    const all = await readTopic(connection, topic, { until: (read) => read.length >= 4 });
    // invalid_schema: 1 and 3; malformed_json: two of 0, 2 and 4 (the DLQ's partitions are read concurrently; the limit takes whichever two come first).
    const replayedValues = values(all);
    expect(replayedValues.filter((v) => ['payload 1', 'payload 3'].includes(v!))).toEqual(['payload 1', 'payload 3']);
    expect(replayedValues.filter((v) => ['payload 0', 'payload 2', 'payload 4'].includes(v!))).toHaveLength(2);
    for (const message of all) {
      const n = Number(message.value?.toString().split(' ')[1]);
      expect(message.key?.toString()).toBe(`key-${n}`);
      // The original headers come back (the trace continues); the dead-letter ones do not.
      expect(message.headers).toEqual({ traceparent: `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01` });
    }
  });

  it('refuses a bad --limit and an unknown topic as usage errors', async () => {
    const run = await runAdmin(['dlq', 'replay', 'any', '--limit', 'lots'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--limit must be a positive integer');
    const missing = uniqueName('never_dead_lettered');
    expect(await runAdmin(['dlq', 'replay', missing], env)).toMatchObject({ code: 2, stderr: expect.stringContaining(`no topic ${missing}-dlq on the cluster`) });
  });
});
