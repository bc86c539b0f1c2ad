import { INVALID_SPAN_CONTEXT, trace } from '@opentelemetry/api';
import type { ConsumedMessage } from '../types';
import { KafkaBatchContext } from './kafka-batch.context';

const message = (partition: number, offset: string, origin?: string): ConsumedMessage<{ n: number }> => ({
  topic: 'orders',
  partition,
  offset,
  key: null,
  headers: origin ? { 'x-origin': origin } : {},
  timestamp: '0',
  raw: Buffer.alloc(0),
  value: { n: Number(offset) },
});

function contextOf(batch: readonly ConsumedMessage<unknown>[]) {
  const rejected: Array<[string, string]> = [];
  const services = {
    producer: { send: async () => undefined, disconnect: async () => undefined },
    span: trace.wrapSpanContext(INVALID_SPAN_CONTEXT),
    reject: (m: ConsumedMessage<unknown>, reason: string) => rejected.push([m.offset, reason]),
  };
  return { context: new KafkaBatchContext('orders', batch, services), rejected };
}

describe('KafkaBatchContext', () => {
  const batch = [message(2, '10', 'sdk'), message(0, '4'), message(2, '11', 'sdk'), message(0, '5'), message(2, '12')];

  it('describes the batch: topic, partitions in order of appearance, offset range per partition, headers in batch order', () => {
    const { context } = contextOf(batch);
    expect(context.getTopic()).toBe('orders');
    expect(context.getPartitions()).toEqual([2, 0]);
    expect(context.getOffsets()).toEqual([
      { partition: 2, first: '10', last: '12' },
      { partition: 0, first: '4', last: '5' },
    ]);
    expect(context.getHeaders().map((h) => h['x-origin'])).toEqual(['sdk', undefined, 'sdk', undefined, undefined]);
  });

  it('dead-letters each message once: rejectAll skips those the handler rejected already', () => {
    const { context, rejected } = contextOf(batch);
    context.reject(batch[1]!, 'unknown_project', 'project 9');
    context.rejectAll('bad_batch', 'the handler threw');
    expect(rejected).toEqual([
      ['4', 'unknown_project'],
      ['10', 'bad_batch'],
      ['11', 'bad_batch'],
      ['5', 'bad_batch'],
      ['12', 'bad_batch'],
    ]);
  });
});
