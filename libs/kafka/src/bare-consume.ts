import { randomUUID } from 'node:crypto';
import type { ConnectionOptions } from './config';
import { createKafka } from './kafka-client';

export interface ConsumeTiming {
  messages: number;
  /** From connecting to the last message seen: connect, group join, fetch, decompress, process. */
  seconds: number;
}

/**
 * The fastest honest consume loop kafkajs allows (eachBatch, no decoding, no
 * commits): the baseline the runtime's overhead is measured against.
 */
export async function bareConsume(connection: ConnectionOptions, topic: string, expected: number): Promise<ConsumeTiming> {
  const consumer = createKafka(connection).consumer({ groupId: `bare-${randomUUID()}`, maxBytesPerPartition: 4 * 1024 * 1024 });
  let seen = 0;
  const started = performance.now();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const seconds = await new Promise<number>((resolve) => {
      void consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: 4,
        eachBatch: async ({ batch }) => {
          seen += batch.messages.length;
          if (seen >= expected) resolve((performance.now() - started) / 1000);
        },
      });
    });
    return { messages: seen, seconds };
  } finally {
    await consumer.disconnect();
  }
}
