import type { Span } from '@opentelemetry/api';

export type KafkaHeaderValue = Buffer | string;
export type KafkaHeaders = Record<string, KafkaHeaderValue | undefined>;

/** A message as the runtime hands it to a processing step: metadata, raw bytes and the decoded value. */
export interface ConsumedMessage<T> {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets are 64-bit; kept as decimal strings end to end. */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly headers: KafkaHeaders;
  readonly timestamp: string;
  readonly raw: Buffer;
  readonly value: T;
}

export interface OutgoingMessage {
  key?: Buffer | string | null;
  value: Buffer;
  headers?: Record<string, KafkaHeaderValue>;
  partition?: number;
}

/** Produces with acks from all in-sync replicas; resolves only once the broker has the messages. */
export interface MessageProducer {
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface BatchContext {
  /** For follow-up messages; the step must await its sends so the commit waits for them. */
  readonly producer: MessageProducer;
  /** The span covering this batch; the handler runs inside its context. */
  readonly span: Span;
  /**
   * Marks one message as permanently invalid (e.g. unknown project). It goes to
   * the topic's dead-letter topic with the reason once the step has finished.
   */
  reject(message: ConsumedMessage<unknown>, reason: string, detail: string): void;
}

/**
 * A processing step: receives a typed batch and resolves once its writes are
 * durable. It must be idempotent: after a crash the same batch may arrive again.
 */
export type BatchHandler<T> = (batch: readonly ConsumedMessage<T>[], context: BatchContext) => Promise<void>;

/** Turns bytes into a typed value, throwing an invalid-message error for poison input. */
export type Decoder<T> = (topic: string, raw: Buffer) => T | Promise<T>;
