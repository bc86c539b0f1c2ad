import { randomUUID } from 'node:crypto';
import type { ConnectionOptions } from './config';
import { createKafka } from './kafka-client';

export interface ConsumeTiming {
  messages: number;
  /** From the first message received to the last, so group joins don't count. */
  seconds: number;
}

/**
 * The fastest honest consume loop kafkajs allows (eachBatch, no decoding, no
 * commits): the baseline the runtime's overhead is measured against.
 */
export async function bareConsume(connection: ConnectionOptions, topic: string, expected: number): Promise<ConsumeTiming> {
  const consumer = createKafka(connection).consumer({ groupId: `bare-${randomUUID()}`, maxBytesPerPartition: 4 * 1024 * 1024 });
  let seen = 0;
  let first = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const seconds = await new Promise<number>((resolve) => {
      void consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: 4,
        eachBatch: async ({ batch }) => {
          if (seen === 0) first = performance.now();
          seen += batch.messages.length;
          if (seen >= expected) resolve((performance.now() - first) / 1000);
        },
      });
    });
    return { messages: seen, seconds };
  } finally {
    await consumer.disconnect();
  }
}
