import { testStackEnv, uniqueName } from '@issuestream/testing';
import { adHocTopics, createProducer, defaultTuning, InvalidMessageError, provisionTopics, type RuntimeTuning } from '../src';
import type { ConnectionOptions } from '../src/config';

export const connection: ConnectionOptions = { brokers: testStackEnv().kafkaBrokers, clientId: 'kafka-runtime-test' };

export interface TestEvent {
  key: string;
  seq: number;
  poison?: boolean;
  /** Bulk, for tests about bytes. */
  padding?: string;
}

/** JSON in tests keeps this library's suite independent of the schema codec; poison is anything unparsable. */
export function decodeTestEvent(_topic: string, raw: Buffer): TestEvent {
  try {
    return JSON.parse(raw.toString('utf8')) as TestEvent;
  } catch (error) {
    throw new InvalidMessageError('malformed_json', `value is not JSON: ${(error as Error).message}`);
  }
}

export const fastTuning = (overrides: Partial<RuntimeTuning> = {}): RuntimeTuning => ({
  ...defaultTuning,
  limits: { maxMessages: 50, maxBytes: 1024 * 1024, maxWaitMs: 100, minBytes: 1 },
  commitIntervalMs: 200,
  retry: { initialMs: 50, maxMs: 400 },
  ...overrides,
});

export async function freshTopic(partitions = 3): Promise<string> {
  const topic = uniqueName('rt');
  await provisionTopics(connection, adHocTopics(topic, partitions));
  return topic;
}

export async function produceEvents(topic: string, events: readonly (TestEvent | Buffer)[], headers?: Record<string, string>): Promise<void> {
  const producer = await createProducer(connection);
  try {
    await producer.send(
      topic,
      events.map((event) =>
        Buffer.isBuffer(event)
          ? { key: 'poison', value: event, headers }
          : { key: event.key, value: Buffer.from(JSON.stringify(event)), headers },
      ),
    );
  } finally {
    await producer.disconnect();
  }
}
