import { SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import type { MessageProducer, OutgoingMessage } from './types';

/**
 * Span names and attributes of the OpenTelemetry messaging conventions
 * (`messaging.*`, semantic conventions 1.2x+): `send <topic>` spans on the
 * producer side, `process <topic>` spans for each consumer batch.
 */
export const tracer = trace.getTracer('issuestream.kafka');

// Attribute objects are written out literally: spreading a shared one cost a
// send span a tenth of its time (the relay makes one per request).
export function sendAttributes(topic: string, messageCount: number): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'send',
    'messaging.operation.name': 'send',
    'messaging.destination.name': topic,
    'messaging.batch.message_count': messageCount,
  };
}

export interface ProcessedBatch {
  topic: string;
  groupId: string;
  partitions: readonly number[];
  messageCount: number;
  /** The offset of the only message, when the batch holds one. */
  offset?: string;
}

export function processAttributes(batch: ProcessedBatch): Attributes {
  const attributes: Attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.destination.name': batch.topic,
    'messaging.consumer.group.name': batch.groupId,
    'messaging.kafka.consumer.group': batch.groupId,
    'messaging.batch.message_count': batch.messageCount,
    'messaging.kafka.partitions': batch.partitions.join(','),
  };
  if (batch.partitions.length === 1) {
    attributes['messaging.destination.partition.id'] = String(batch.partitions[0]);
    attributes['messaging.kafka.destination.partition'] = batch.partitions[0];
  }
  if (batch.offset !== undefined) attributes['messaging.kafka.offset'] = Number(batch.offset);
  return attributes;
}

export function recordFailure(span: Span, error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  span.recordException(failure);
  span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
}

/**
 * A producer whose every send is a `send <topic>` PRODUCER span, active while
 * the send runs so the messages carry it as their `traceparent`: the
 * consumer's batch span becomes its child across the Kafka hop.
 */
export class TracingProducer implements MessageProducer {
  constructor(private readonly inner: MessageProducer) {}

  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return tracer.startActiveSpan(`send ${topic}`, { kind: SpanKind.PRODUCER, attributes: sendAttributes(topic, messages.length) }, async (span) => {
      try {
        await this.inner.send(topic, messages);
      } catch (error) {
        recordFailure(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
  }

  disconnect(): Promise<void> {
    return this.inner.disconnect();
  }
}
