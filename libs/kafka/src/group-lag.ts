import type { ConnectionOptions } from './config';
import { createKafka } from './kafka-client';

export interface PartitionLag {
  partition: number;
  /** Next offset the group will read; -1 when it has committed nothing. */
  committed: string;
  end: string;
  lag: number;
}

/** Committed progress of a consumer group against the end of a topic, per partition. */
export async function groupLag(connection: ConnectionOptions, groupId: string, topic: string): Promise<PartitionLag[]> {
  const admin = createKafka(connection).admin();
  await admin.connect();
  try {
    const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
    return ends
      .map(({ partition, high }) => {
        const offset = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
        const start = BigInt(offset) < 0n ? 0n : BigInt(offset);
        return { partition, committed: offset, end: high, lag: Number(BigInt(high) - start) };
      })
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.disconnect();
  }
}
