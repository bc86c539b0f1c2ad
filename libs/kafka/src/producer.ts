import { injectTraceContext } from '@issuestream/observability';
import { CompressionTypes, Partitioners, type Producer } from 'kafkajs';
import type { ConnectionOptions } from './config';
import { createKafka } from './kafka-client';
import type { KafkaHeaderValue, MessageProducer, OutgoingMessage } from './types';

export interface ProducerOptions {
  /**
   * Topics whose messages are sent uncompressed (their topic config must be
   * `compression.type: producer`, else the broker compresses them itself):
   * topics whose payloads are compressed already, where LZ4 costs CPU on
   * both ends and saves nothing.
   */
  readonly uncompressedTopics?: readonly string[];
}

class KafkaMessageProducer implements MessageProducer {
  private readonly uncompressed: ReadonlySet<string>;

  constructor(
    private readonly producer: Producer,
    options: ProducerOptions,
  ) {
    this.uncompressed = new Set(options.uncompressedTopics);
  }

  async send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.producer.send({
      topic,
      acks: -1,
      // As the topics are configured: the broker then stores the batch as sent instead of compressing it itself.
      compression: this.uncompressed.has(topic) ? CompressionTypes.None : CompressionTypes.LZ4,
      messages: messages.map((message) => ({
        key: message.key ?? null,
        value: message.value,
        partition: message.partition,
        headers: withTraceContext(message.headers ?? {}),
      })),
    });
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}

/** Carries the active trace into the next hop as a W3C `traceparent` header, unless the message names its own. */
function withTraceContext(headers: Record<string, KafkaHeaderValue>): Record<string, KafkaHeaderValue> {
  const carrier: Record<string, KafkaHeaderValue> = { ...headers };
  injectTraceContext(carrier);
  return carrier;
}

/**
 * An idempotent producer: broker-side sequence numbers stop retries from
 * writing the same message twice, which keeps follow-ups and dead letters
 * exactly where they belong.
 */
export async function createProducer(options: ConnectionOptions, producerOptions: ProducerOptions = {}): Promise<MessageProducer> {
  const producer = createKafka(options).producer({
    idempotent: true,
    maxInFlightRequests: 5,
    // Murmur2, as the Java client and Relay partition keys, so one key lands on the same partition whoever produces it.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return new KafkaMessageProducer(producer, producerOptions);
}
