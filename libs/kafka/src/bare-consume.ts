import { randomUUID } from 'node:crypto';
import type { ConnectionOptions } from './config';
import { createKafka } from './kafka-client';

export interface ConsumeTiming {
  messages: number;
  /** From connecting to the last message seen: connect, group join, fetch, decompress, process. */
  seconds: number;
  /** CPU (user + system) this process spent over the same interval: less at the mercy of other processes than `seconds`. */
  cpuSeconds: number;
}

/**
 * The fastest honest consume loop kafkajs allows (eachBatch, no decoding, no
 * commits): the baseline the runtime's overhead is measured against.
 */
export async function bareConsume(connection: ConnectionOptions, topic: string, expected: number): Promise<ConsumeTiming> {
  const consumer = createKafka(connection).consumer({ groupId: `bare-${randomUUID()}`, maxBytesPerPartition: 4 * 1024 * 1024 });
  let seen = 0;
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const timing = await new Promise<Omit<ConsumeTiming, 'messages'>>((resolve) => {
      void consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: 4,
        eachBatch: async ({ batch }) => {
          seen += batch.messages.length;
          if (seen >= expected) resolve({ seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSecondsSince(cpuAtStart) });
        },
      });
    });
    return { messages: seen, ...timing };
  } finally {
    await consumer.disconnect();
  }
}

/** user + system CPU seconds of this process since `start` (a `process.cpuUsage()` reading). */
export function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
}
