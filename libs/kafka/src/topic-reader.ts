import { randomUUID } from 'node:crypto';
import type { ConnectionOptions } from './config';
import { createKafka } from './kafka-client';

export interface ReadMessage {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Header values decoded as UTF-8 (all our headers are text). */
  headers: Record<string, string>;
}

export interface ReadOptions {
  /** Stop once this returns true for what has been read so far. */
  until: (messages: readonly ReadMessage[]) => boolean;
  timeoutMs?: number;
}

/**
 * Reads a topic from the beginning with a throwaway group (nothing is
 * committed) until a condition holds. For operators inspecting a dead-letter
 * topic and for tests asserting what was produced.
 */
export async function readTopic(connection: ConnectionOptions, topic: string, options: ReadOptions): Promise<ReadMessage[]> {
  const { until, timeoutMs = 30000 } = options;
  const consumer = createKafka(connection).consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${messages.length} messages from ${topic} in ${timeoutMs} ms without meeting the condition`)),
        timeoutMs,
      );
      if (until(messages)) {
        clearTimeout(timer);
        resolve();
        return;
      }
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) {
            const first = Array.isArray(value) ? value[0] : value;
            if (first !== undefined) headers[name] = first.toString();
          }
          messages.push({ partition, offset: message.offset, key: message.key, value: message.value, headers });
          if (until(messages)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return messages;
  } finally {
    await consumer.disconnect();
  }
}
