import type { ChunkLimits } from './chunk';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Pending<M> {
  messages: M[];
  bytes: number;
  waiters: Waiter[];
}

/**
 * Joins the batches that one fetch hands out per partition into one
 * processing batch, as arroyo's batching step collects across partitions.
 * A handler's fixed cost per batch (round trips, inserts, produce requests)
 * is then paid once per fetch instead of once per partition.
 *
 * Batches submitted in the same event-loop turn are joined (kafkajs starts
 * every partition of a fetch in one turn), within the same count and byte
 * limits as a single partition's batch. Each submitter settles with the
 * joint batch: all succeed or all retry.
 */
export class PartitionJoiner<M extends { value: Buffer | null }> {
  private pending?: Pending<M>;

  constructor(
    private readonly limits: ChunkLimits,
    private readonly run: (messages: M[]) => Promise<void>,
  ) {}

  submit(messages: readonly M[]): Promise<void> {
    const bytes = messages.reduce((sum, message) => sum + (message.value?.length ?? 0), 0);
    if (this.pending && !this.fits(this.pending, messages.length, bytes)) this.start(this.pending);
    const pending = this.pending ?? this.open();
    pending.messages.push(...messages);
    pending.bytes += bytes;
    return new Promise<void>((resolve, reject) => pending.waiters.push({ resolve, reject }));
  }

  private fits(pending: Pending<M>, count: number, bytes: number): boolean {
    return pending.messages.length + count <= this.limits.maxMessages && pending.bytes + bytes <= this.limits.maxBytes;
  }

  private open(): Pending<M> {
    const pending: Pending<M> = { messages: [], bytes: 0, waiters: [] };
    this.pending = pending;
    setImmediate(() => this.start(pending));
    return pending;
  }

  private start(pending: Pending<M>): void {
    if (this.pending !== pending) return;
    this.pending = undefined;
    this.run(pending.messages).then(
      () => pending.waiters.forEach((waiter) => waiter.resolve()),
      (error: unknown) => pending.waiters.forEach((waiter) => waiter.reject(error)),
    );
  }
}
