import { context, trace } from '@opentelemetry/api';
import { injectTraceContext, installTracing } from '@issuestream/observability';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LingeringProducer } from './lingering-producer';
import { processAttributes, TracingProducer } from './messaging-spans';
import type { KafkaHeaderValue, MessageProducer, OutgoingMessage } from './types';

const exporter = new InMemorySpanExporter();
installTracing({ serviceName: 'spec', spanProcessors: [new SimpleSpanProcessor(exporter)] });

/** Stamps the active trace as the Kafka producer does, and keeps what each message would carry. */
class HeaderRecorder implements MessageProducer {
  readonly traceparents: Record<string, string> = {};
  async send(_topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    for (const message of messages) {
      const headers: Record<string, KafkaHeaderValue> = { ...(message.headers ?? {}) };
      injectTraceContext(headers);
      this.traceparents[message.value.toString()] = String(headers['traceparent']);
    }
  }
  disconnect(): Promise<void> {
    return Promise.resolve();
  }
}

describe('TracingProducer', () => {
  it('sends each caller’s messages in its own send span, even when their sends share one produce request', async () => {
    const recorder = new HeaderRecorder();
    const producer = new TracingProducer(new LingeringProducer(recorder, 0));
    const tracer = trace.getTracer('spec');
    const callers = ['a', 'b'].map((value) => {
      const request = tracer.startSpan(`request ${value}`);
      const sent = context.with(trace.setSpan(context.active(), request), () => producer.send('feedback', [{ value: Buffer.from(value) }]));
      return { value, request, sent };
    });
    await Promise.all(callers.map((c) => c.sent));
    const sends = exporter.getFinishedSpans().filter((s) => s.name === 'send feedback');
    expect(sends).toHaveLength(2);
    for (const { value, request } of callers) {
      const send = sends.find((s) => s.parentSpanContext?.spanId === request.spanContext().spanId)!;
      expect(send.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.operation.type': 'send', 'messaging.destination.name': 'feedback', 'messaging.batch.message_count': 1 });
      expect(recorder.traceparents[value]).toBe(`00-${request.spanContext().traceId}-${send.spanContext().spanId}-01`);
    }
  });
});

describe('processAttributes', () => {
  it('names the partition and offset only when the batch has one of each', () => {
    expect(processAttributes({ topic: 't', groupId: 'g', partitions: [2], messageCount: 1, offset: '41' })).toMatchObject({
      'messaging.destination.partition.id': '2',
      'messaging.kafka.destination.partition': 2,
      'messaging.kafka.offset': 41,
      'messaging.consumer.group.name': 'g',
    });
    const mixed = processAttributes({ topic: 't', groupId: 'g', partitions: [0, 3], messageCount: 7 });
    expect(mixed).toMatchObject({ 'messaging.kafka.partitions': '0,3', 'messaging.batch.message_count': 7 });
    expect(mixed).not.toHaveProperty('messaging.destination.partition.id');
    expect(mixed).not.toHaveProperty('messaging.kafka.offset');
  });
});
