import type { OffsetToCommit } from './offset-committer';

interface PartitionPosition {
  topic: string;
  partition: number;
  committed: bigint;
  end: bigint;
}

/** Receives a partition's lag, or undefined when this member no longer owns the partition. */
export type LagReport = (topic: string, partition: number, lag: number | undefined) => void;

/**
 * Consumer lag as operators read it: the partition's high watermark (from
 * every fetch) minus the group's committed offset (from every commit). A
 * partition's first fetch after assignment starts at the committed offset,
 * which seeds it. Processed-but-uncommitted messages still count as lag:
 * they are what a crash would replay.
 */
export class CommittedLag {
  private readonly positions = new Map<string, PartitionPosition>();

  constructor(private readonly report: LagReport) {}

  fetched(topic: string, partition: number, firstOffset: string, highWatermark: string): void {
    const key = `${topic}:${partition}`;
    let position = this.positions.get(key);
    if (!position) {
      position = { topic, partition, committed: BigInt(firstOffset), end: 0n };
      this.positions.set(key, position);
    }
    position.end = BigInt(highWatermark);
    this.publish(position);
  }

  committed(offsets: readonly OffsetToCommit[]): void {
    for (const { topic, partition, offset } of offsets) {
      const position = this.positions.get(`${topic}:${partition}`);
      if (!position) continue;
      position.committed = BigInt(offset);
      this.publish(position);
    }
  }

  /** Drops partitions this member lost in a rebalance: their lag is the new owner's to report. */
  retain(owned: (topic: string, partition: number) => boolean): void {
    for (const [key, { topic, partition }] of this.positions) {
      if (owned(topic, partition)) continue;
      this.positions.delete(key);
      this.report(topic, partition, undefined);
    }
  }

  private publish({ topic, partition, committed, end }: PartitionPosition): void {
    this.report(topic, partition, end > committed ? Number(end - committed) : 0);
  }
}
