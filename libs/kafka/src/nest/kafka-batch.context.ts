import type { Span } from '@opentelemetry/api';
import { BaseRpcContext } from '@nestjs/microservices';
import type { BatchContext, ConsumedMessage, KafkaHeaders, MessageProducer } from '../types';

/** The typed batch an `@EventPattern` handler receives as its `@Payload()`. */
export type KafkaBatch<T> = readonly ConsumedMessage<T>[];

/** Where one partition's messages of a batch start and end. */
export interface PartitionOffsets {
  partition: number;
  /** Offset of the partition's first message in this batch. */
  first: string;
  /** Offset of its last message; the runtime commits past it once the handler resolved. */
  last: string;
}

type ContextArgs = [topic: string, batch: KafkaBatch<unknown>, services: BatchContext];

/**
 * The `@Ctx()` of a batch handler, in the spirit of Nest's `KafkaContext` but
 * for a whole batch (or one key group of it): the topic, the partitions and
 * offset ranges it covers, each message's headers, and the runtime's services
 * (producer for follow-ups, the batch span, `reject` for the dead-letter topic).
 * It is itself a `BatchContext`, so steps written against the runtime take it as is.
 */
export class KafkaBatchContext extends BaseRpcContext<ContextArgs> implements BatchContext {
  private rejected?: Set<ConsumedMessage<unknown>>;

  constructor(topic: string, batch: KafkaBatch<unknown>, services: BatchContext) {
    super([topic, batch, services]);
  }

  /** The topic as consumed (after any renaming by the deployment). */
  getTopic(): string {
    return this.args[0];
  }

  getPartitions(): number[] {
    return [...new Set(this.args[1].map((message) => message.partition))];
  }

  /** Per partition, in the order partitions appear in the batch. */
  getOffsets(): PartitionOffsets[] {
    const ranges = new Map<number, PartitionOffsets>();
    for (const { partition, offset } of this.args[1]) {
      const range = ranges.get(partition);
      if (range) range.last = offset;
      else ranges.set(partition, { partition, first: offset, last: offset });
    }
    return [...ranges.values()];
  }

  /** Each message's headers, in batch order. */
  getHeaders(): KafkaHeaders[] {
    return this.args[1].map((message) => message.headers);
  }

  get producer(): MessageProducer {
    return this.args[2].producer;
  }

  get span(): Span {
    return this.args[2].span;
  }

  reject(message: ConsumedMessage<unknown>, reason: string, detail: string): void {
    this.rejected ??= new Set();
    if (this.rejected.has(message)) return;
    this.rejected.add(message);
    this.args[2].reject(message, reason, detail);
  }

  /**
   * Dead-letters every message of this call not rejected already: what an
   * exception filter does when the handler threw a permanent error.
   */
  rejectAll(reason: string, detail: string): void {
    for (const message of this.args[1]) this.reject(message, reason, detail);
  }
}
