import { EnvelopeError } from './errors';
import { DEFAULT_LIMITS, MAX_EVENT_SIZE } from './limits';
import { parseEnvelope, parseFraming, resolveEventId } from './parse';

const ID = '9ec79c33ec9942ab8353589fcb2e04dc';
const DASHED = '9EC79C33-EC99-42AB-8353-589FCB2E04DC';
const fixedId = () => '12345678-1234-4234-8234-123456789abc';
const buf = (text: string) => Buffer.from(text, 'utf8');

function rejection(body: Buffer | string, options = {}): EnvelopeError {
  try {
    parseEnvelope(typeof body === 'string' ? buf(body) : body, options);
  } catch (error) {
    if (error instanceof EnvelopeError) return error;
    throw error;
  }
  throw new Error('expected the envelope to be rejected');
}

describe('framing', () => {
  it('parses items with implicit and explicit lengths, keeping unknown headers', () => {
    const body = buf(`{"event_id":"${ID}","sent_at":"2024-01-01T00:00:00Z"}\n{"type":"event"}\n{"message":"hi"}\n{"type":"attachment","length":5,"filename":"a.txt","x":1}\nab\ncd\n`);
    const envelope = parseEnvelope(body);
    expect(envelope.headers).toEqual({ event_id: ID, sent_at: '2024-01-01T00:00:00Z' });
    expect(envelope.items.map((i) => i.type)).toEqual(['event', 'attachment']);
    expect(envelope.items[0]!.payload.toString()).toBe('{"message":"hi"}');
    expect(envelope.items[1]!.payload.toString()).toBe('ab\ncd');
    expect(envelope.items[1]!.headers).toMatchObject({ filename: 'a.txt', x: 1 });
    expect(envelope.eventId).toBe(ID);
  });

  it('accepts the JS SDK shape: no trailing newline after the last payload', () => {
    const envelope = parseEnvelope(buf(`{}\n{"type":"attachment","length":3}\nabc`));
    expect(envelope.items[0]!.payload.toString()).toBe('abc');
  });

  it('accepts an implicit payload running to EOF and an empty payload', () => {
    expect(parseEnvelope(buf('{}\n{"type":"session"}\n{"a":1}')).items[0]!.payload.toString()).toBe('{"a":1}');
    expect(parseEnvelope(buf('{}\n{"type":"session"}')).items[0]!.payload.length).toBe(0);
    expect(parseEnvelope(buf('{}\n{"type":"attachment","length":0}\n')).items[0]!.payload.length).toBe(0);
  });

  it('allows an empty envelope, with or without a trailing newline', () => {
    expect(parseEnvelope(buf('{}'))).toEqual({ headers: {}, items: [], eventId: null });
    expect(parseEnvelope(buf('{}\n')).items).toEqual([]);
  });

  it('keeps a CR before LF as part of the payload', () => {
    expect(parseEnvelope(buf('{}\n{"type":"session"}\r\n{"a":1}\r\n')).items[0]!.payload.toString()).toBe('{"a":1}\r');
  });

  it('handles binary payloads byte-exactly', () => {
    const bytes = Buffer.from([0x00, 0x0a, 0xff, 0x0a, 0x0d]);
    const body = Buffer.concat([buf('{}\n{"type":"attachment","length":5}\n'), bytes]);
    expect(parseEnvelope(body).items[0]!.payload.equals(bytes)).toBe(true);
  });

  it('rejects an empty body', () => {
    expect(rejection(Buffer.alloc(0))).toMatchObject({ status: 400, reason: 'empty_body' });
  });

  it('rejects an invalid or non-object envelope header', () => {
    expect(rejection('{not json}\n')).toMatchObject({ status: 400, reason: 'invalid_header' });
    expect(rejection('[1]\n')).toMatchObject({ status: 400, reason: 'invalid_header' });
    expect(rejection('null')).toMatchObject({ status: 400, reason: 'invalid_header' });
    expect(rejection('{} {"type":"event"}\n{}')).toMatchObject({ status: 400, reason: 'invalid_header' });
  });

  it('rejects invalid item headers', () => {
    expect(rejection('{}\n{"length":2}\nab')).toMatchObject({ status: 400, reason: 'invalid_item_header' });
    expect(rejection('{}\n{"type":""}\n')).toMatchObject({ status: 400, reason: 'invalid_item_header' });
    expect(rejection('{}\nnope\n')).toMatchObject({ status: 400, reason: 'invalid_item_header' });
    for (const length of ['-1', '1.5', '"3"', '4294967296']) {
      expect(rejection(`{}\n{"type":"attachment","length":${length}}\nabc`)).toMatchObject({ status: 400, reason: 'invalid_length' });
    }
  });

  it('rejects a payload longer than its length (missing newline)', () => {
    expect(rejection('{}\n{"type":"attachment","length":2}\nabc\n')).toMatchObject({ status: 400, reason: 'missing_newline' });
    expect(rejection('{}\n{"type":"attachment","length":2}\nab \n')).toMatchObject({ status: 400, reason: 'missing_newline' });
  });

  it('rejects a payload shorter than its length (unexpected EOF)', () => {
    expect(rejection('{}\n{"type":"attachment","length":10}\nabc')).toMatchObject({ status: 400, reason: 'unexpected_eof' });
  });

  it('rejects internal item types', () => {
    expect(rejection('{}\n{"type":"integration"}\n{}')).toMatchObject({ status: 400, reason: 'invalid_item_type' });
  });

  it('skips blank lines between items', () => {
    expect(parseFraming(buf('{}\n{"type":"session"}\n{}\n\n{"type":"session"}\n{}\n')).items).toHaveLength(2);
  });
});

describe('event id', () => {
  it('normalises a dashed upper-case header id', () => {
    expect(parseEnvelope(buf(`{"event_id":"${DASHED}"}\n{"type":"feedback"}\n{}`)).eventId).toBe(ID);
  });

  it('lets the header win over the payload', () => {
    const other = 'a'.repeat(32);
    expect(parseEnvelope(buf(`{"event_id":"${ID}"}\n{"type":"event"}\n{"event_id":"${other}"}`)).eventId).toBe(ID);
  });

  it('takes the payload id when the header has none', () => {
    expect(parseEnvelope(buf(`{}\n{"type":"event"}\n{"event_id":"${DASHED}"}`)).eventId).toBe(ID);
  });

  it('generates one only when an item is event-bound', () => {
    expect(parseEnvelope(buf('{}\n{"type":"attachment","length":1}\nx'), { generateId: fixedId }).eventId).toBe('12345678123442348234123456789abc');
    expect(parseEnvelope(buf('{}\n{"type":"event"}\n{not json'), { generateId: fixedId }).eventId).toBe('12345678123442348234123456789abc');
    expect(parseEnvelope(buf('{}\n{"type":"session"}\n{}'), { generateId: fixedId }).eventId).toBeNull();
  });

  it('rejects a header id that is not a UUID', () => {
    expect(rejection('{"event_id":"xyz"}\n')).toMatchObject({ status: 400, reason: 'invalid_event_id' });
    expect(rejection('{"event_id":42}\n')).toMatchObject({ status: 400, reason: 'invalid_event_id' });
  });

  it('is exposed on its own', () => {
    expect(resolveEventId({}, [], fixedId)).toBeNull();
  });
});

describe('limits (413)', () => {
  const item = (type: string, size: number) => `{"type":"${type}","length":${size}}\n${'x'.repeat(size)}\n`;

  it('accepts an event of exactly 1 MiB and refuses one byte more', () => {
    expect(parseEnvelope(buf(`{}\n${item('event', MAX_EVENT_SIZE)}`)).items).toHaveLength(1);
    expect(rejection(`{}\n${item('event', MAX_EVENT_SIZE + 1)}`)).toMatchObject({ status: 413, reason: 'too_large' });
    expect(rejection(`{}\n${item('feedback', MAX_EVENT_SIZE + 1)}`).detail).toContain("type 'feedback'");
  });

  it('allows one event-like item per envelope', () => {
    expect(rejection(`{}\n${item('event', 2)}${item('feedback', 2)}`)).toMatchObject({ status: 413, detail: expect.stringContaining("'feedback'") });
    expect(rejection(`{}\n${item('transaction', 2)}${item('event', 2)}`).status).toBe(413);
  });

  it('counts attachments, user reports and unreal reports in one bucket', () => {
    const thirty = Array.from({ length: 29 }, () => item('attachment', 1)).join('') + item('user_report', 2);
    expect(parseEnvelope(buf(`{}\n${thirty}`)).items).toHaveLength(30);
    expect(rejection(`{}\n${thirty}${item('unreal_report', 1)}`)).toMatchObject({ status: 413 });
  });

  it('applies custom bucket sizes and the whole-envelope size', () => {
    const limits = { ...DEFAULT_LIMITS, buckets: { ...DEFAULT_LIMITS.buckets, attachment: { maxItemSize: 10, maxTotalSize: 15, maxCount: 30 } } };
    expect(rejection(`{}\n${item('attachment', 11)}`, { limits }).status).toBe(413);
    expect(rejection(`{}\n${item('attachment', 8)}${item('attachment', 8)}`, { limits }).status).toBe(413);
    expect(parseEnvelope(buf(`{}\n${item('attachment', 8)}${item('attachment', 7)}`), { limits }).items).toHaveLength(2);
    expect(rejection(`{}\n${item('attachment', 8)}`, { limits: { ...DEFAULT_LIMITS, maxEnvelopeSize: 10 } })).toMatchObject({ status: 413 });
  });

  it('limits sessions and client reports by count and total', () => {
    expect(rejection(`{}\n${Array.from({ length: 101 }, () => item('session', 1)).join('')}`).status).toBe(413);
    expect(rejection(`{}\n${item('client_report', 100 * 1024 + 1)}`).status).toBe(413);
  });

  it('ignores unknown item types for limits', () => {
    expect(parseEnvelope(buf(`{}\n${item('mystery', 5)}`)).items).toHaveLength(1);
  });
});
