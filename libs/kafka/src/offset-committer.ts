export interface OffsetToCommit {
  topic: string;
  partition: number;
  /** The next offset to read: the last processed offset + 1. */
  offset: string;
}

export type CommitFn = (offsets: OffsetToCommit[]) => Promise<void>;

/**
 * Holds the highest processed offset per partition and commits them at most
 * once per interval, because a commit per batch costs a broker round trip
 * that buys nothing under at-least-once. What is marked inside an interval
 * is committed when the interval is up even if no batch follows: a topic
 * that goes quiet would otherwise keep its last batch uncommitted (lag above
 * zero, no commit: the not-committing alert) until traffic resumes, and a
 * restart in between would replay it. `flush` forces the commit (shutdown,
 * rebalance); `forget` drops partitions this member no longer owns.
 */
export class OffsetCommitter {
  private pending = new Map<string, OffsetToCommit>();
  private lastCommitAt = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private trailing: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly commit: CommitFn,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
    /** A failed trailing commit (its offsets stay pending for the next attempt). */
    private readonly onTrailingError: (error: unknown) => void = () => undefined,
  ) {}

  mark(topic: string, partition: number, lastProcessedOffset: string): void {
    const offset = (BigInt(lastProcessedOffset) + 1n).toString();
    this.pending.set(`${topic}:${partition}`, { topic, partition, offset });
  }

  async maybeCommit(): Promise<void> {
    const wait = this.intervalMs - (this.now() - this.lastCommitAt);
    if (wait <= 0) return this.flush();
    this.trailing ??= setTimeout(() => {
      this.trailing = null;
      this.flush().catch(this.onTrailingError);
    }, wait);
    this.trailing.unref?.();
  }

  /** Commits everything pending; concurrent callers share one commit at a time. */
  flush(): Promise<void> {
    if (this.trailing) clearTimeout(this.trailing);
    this.trailing = null;
    const next = this.inFlight.catch(() => undefined).then(() => this.commitPending());
    this.inFlight = next;
    return next;
  }

  forget(owned: (topic: string, partition: number) => boolean): void {
    for (const [key, entry] of this.pending) {
      if (!owned(entry.topic, entry.partition)) this.pending.delete(key);
    }
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  private async commitPending(): Promise<void> {
    if (this.pending.size === 0) return;
    const offsets = [...this.pending.values()];
    this.pending = new Map();
    try {
      await this.commit(offsets);
      this.lastCommitAt = this.now();
    } catch (error) {
      // Keep what failed unless newer progress has been marked meanwhile.
      for (const entry of offsets) {
        const key = `${entry.topic}:${entry.partition}`;
        if (!this.pending.has(key)) this.pending.set(key, entry);
      }
      throw error;
    }
  }
}
