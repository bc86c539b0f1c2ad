import { ConsecutiveRejections, deadLetterTopic, toDeadLetter } from './dead-letter';

describe('toDeadLetter', () => {
  it('keeps the original bytes, key and headers and adds the provenance headers', () => {
    const raw = Buffer.from('not avro');
    const letter = toDeadLetter({
      message: { topic: 't', partition: 3, offset: '42', key: Buffer.from('k'), headers: { traceparent: 'tp' }, raw },
      reason: 'schema_validation',
      detail: 'project_id: expected long',
    });
    expect(letter.value).toBe(raw);
    expect(letter.key).toEqual(Buffer.from('k'));
    expect(letter.headers).toEqual({
      traceparent: 'tp',
      'x-dlq-reason': 'schema_validation',
      'x-dlq-error': 'project_id: expected long',
      'x-dlq-source-topic': 't',
      'x-dlq-source-partition': '3',
      'x-dlq-source-offset': '42',
    });
    expect(deadLetterTopic('t')).toBe('t-dlq');
  });
});

describe('ConsecutiveRejections', () => {
  it('trips only on an unbroken run longer than the limit', () => {
    const counter = new ConsecutiveRejections(3);
    expect(counter.record(0, 2)).toBe(false);
    expect(counter.record(5, 1)).toBe(false);
    expect(counter.current).toBe(1);
    expect(counter.record(0, 2)).toBe(false);
    expect(counter.record(0, 1)).toBe(true);
  });
});
