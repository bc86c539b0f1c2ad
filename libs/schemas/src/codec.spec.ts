import { encode as msgpack } from '@msgpack/msgpack';
import { clone, thrown } from '../test/helpers';
import { SAMPLE_INPUTS } from '../test/sample-records';
import {
  createCodec,
  detectEncoding,
  frameConfluent,
  InvalidMessageError,
  isInvalidMessageError,
  SchemaRegistryError,
  Topic,
  TOPICS,
  TopicSchema,
} from './index';

// Nothing listens there: JSON and msgpack never need the registry.
const codec = createCodec({ registryUrl: 'http://127.0.0.1:9/apis/ccompat/v7' });

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

/** What a sample looks like once decoded: defaults filled in. */
function expected(topic: Topic, input: unknown): unknown {
  return new TopicSchema(topic).validate(clone(input));
}

async function invalid(topic: Topic, bytes: Buffer): Promise<InvalidMessageError> {
  const error = await thrown(() => codec.decode(topic, bytes));
  expect(isInvalidMessageError(error)).toBe(true);
  return error as InvalidMessageError;
}

describe('detectEncoding', () => {
  it.each([
    [[0x00, 0, 0, 0, 1], 'avro'],
    [[0x7b], 'json'],
    [[0x5b], 'json'],
    [[0x20, 0x0a, 0x7b], 'json'],
    [[0x84], 'msgpack'],
    [[0x80], 'msgpack'],
    [[0x8f], 'msgpack'],
    [[0xde, 0, 1], 'msgpack'],
    [[0xdf, 0, 0, 0, 1], 'msgpack'],
    [[0x90], null],
    [[0x22], null],
    [[0x20, 0x41], null],
    [[], null],
  ])('%j → %s', (bytes, encoding) => {
    expect(detectEncoding(Buffer.from(bytes))).toBe(encoding);
  });
});

describe('decode: every sample in every encoding', () => {
  const cases = TOPICS.flatMap((topic) =>
    (SAMPLE_INPUTS[topic] as unknown[]).map((input, i) => [topic, i, input] as const),
  );

  it.each(cases)('%s #%i via msgpack', async (topic, _i, input) => {
    const result = await codec.decode(topic, Buffer.from(msgpack(input)));
    expect(result.encoding).toBe('msgpack');
    expect(result.schemaId).toBeNull();
    expect(result.record).toEqual(expected(topic, input));
  });

  it.each(
    cases.filter(
      ([topic]) => !JSON.stringify(new TopicSchema(topic).definition.schema).includes('"bytes"'),
    ),
  )('%s #%i via JSON', async (topic, _i, input) => {
    const result = await codec.decode(topic, json(input));
    expect(result.encoding).toBe('json');
    expect(result.record).toEqual(expected(topic, input));
  });

  it.each(cases)('%s #%i via Avro written locally', (topic, _i, input) => {
    const schema = new TopicSchema(topic);
    const framed = frameConfluent(7, schema.writeAvro(clone(input) as never));
    expect(framed.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 0, 7]));
    expect(schema.readAvro(framed, 7, undefined)).toEqual(expected(topic, input));
  });
});

describe('decode: Avro bytes', () => {
  it('are views of the message, not copies', () => {
    const schema = new TopicSchema('ingest-attachments');
    const payload = Buffer.from('chunk bytes');
    const framed = frameConfluent(7, schema.writeAvro({
      type: 'attachment_chunk', payload, event_id: 'e'.repeat(32), project_id: 1, id: 'a'.repeat(32), chunk_index: 0,
    } as never));
    const record = schema.readAvro(framed, 7, undefined) as { payload: Buffer };
    expect(record.payload).toEqual(payload);
    expect(record.payload.buffer).toBe(framed.buffer);
  });

  it('reports a payload cut short as malformed_avro', () => {
    const schema = new TopicSchema('ingest-attachments');
    const framed = frameConfluent(7, schema.writeAvro({
      type: 'attachment_chunk', payload: Buffer.alloc(100), event_id: 'e'.repeat(32), project_id: 1, id: 'a'.repeat(32), chunk_index: 0,
    } as never));
    expect(() => schema.readAvro(framed.subarray(0, 50), 7, undefined)).toThrow(expect.objectContaining({ reason: 'malformed_avro' }));
  });
});

describe('decode: normalisation', () => {
  it('fills defaults and keeps unknown keys', async () => {
    const { record } = await codec.decode(
      'ingest-events',
      Buffer.from(
        msgpack({
          type: 'event',
          payload: Buffer.from('{}'),
          start_time: 1,
          event_id: 'e',
          project_id: 2,
          extra: 'kept',
        }),
      ),
    );
    expect(record).toEqual({
      type: 'event',
      payload: Buffer.from('{}'),
      start_time: 1,
      event_id: 'e',
      project_id: 2,
      remote_addr: null,
      attachments: [],
      extra: 'kept',
    });
    expect(Buffer.isBuffer(record.payload)).toBe(true);
  });

  it('turns msgpack bin into Buffers, also nested in unions', async () => {
    const { record } = await codec.decode(
      'ingest-attachments',
      Buffer.from(
        msgpack({
          type: 'attachment',
          event_id: 'e',
          project_id: 1,
          attachment: { id: 'a', name: 'n', data: new Uint8Array([1, 2, 3]) },
        }),
      ),
    );
    if (record.type !== 'attachment') throw new Error('wrong branch');
    expect(Buffer.isBuffer(record.attachment.data)).toBe(true);
    expect(record.attachment).toMatchObject({
      rate_limited: false,
      attachment_type: 'event.attachment',
      chunks: null,
    });
  });

  it('reads attachment_chunk.attachment_id (sentry-kafka-schemas naming) as id', async () => {
    const { record } = await codec.decode(
      'ingest-attachments',
      Buffer.from(
        msgpack({
          type: 'attachment_chunk',
          event_id: 'e',
          project_id: 1,
          attachment_id: 'b'.repeat(32),
          chunk_index: 0,
          payload: new Uint8Array(0),
        }),
      ),
    );
    expect(record).toMatchObject({ type: 'attachment_chunk', id: 'b'.repeat(32), chunk_index: 0 });
  });

  it.each([undefined, null])('treats payload_type %s as an occurrence', async (payloadType) => {
    const input = { ...clone(SAMPLE_INPUTS['ingest-occurrences'][0]), payload_type: payloadType };
    const { record } = await codec.decode('ingest-occurrences', json(input));
    expect(record.payload_type).toBe('occurrence');
  });

  it('maps the eventstream array form onto the record, and accepts the object form', async () => {
    const sample = SAMPLE_INPUTS.events[0];
    const asArray = [sample.version, sample.operation, sample.payload, sample.state];
    const fromArray = await codec.decode('events', json(asArray));
    const fromObject = await codec.decode('events', json(sample));
    expect(fromArray.record).toEqual(fromObject.record);
    expect(fromArray.record.payload.data).toEqual(sample.payload.data);
    expect(fromArray.record.state.group_states?.[0].id).toBe('124');
  });
});

describe('decode: invalid messages', () => {
  it('names the field and the expected type', async () => {
    const error = await invalid(
      'ingest-events',
      json({
        ...SAMPLE_INPUTS['test-record'][0],
        type: 'event',
        payload: 'x',
        start_time: 1,
        event_id: 'e',
        project_id: 'abc',
      }),
    );
    expect(error.reason).toBe('schema_validation');
    expect(error.message).toContain('project_id: expected long, got "abc"');
    expect(error.message).toContain('payload: expected bytes, got "x"');
    expect(error.issues.map((i) => i.path)).toEqual(['payload', 'project_id']);
    expect(error.topic).toBe('ingest-events');
    expect(error.encoding).toBe('json');
  });

  it('reports missing required fields', async () => {
    const error = await invalid('test-record', json({ id: 'x', body: 'b' }));
    expect(error.message).toBe(
      'invalid test-record message (json): seq: required field is missing (expected long)',
    );
  });

  it('reports nested and indexed paths', async () => {
    const input = clone(SAMPLE_INPUTS['ingest-attachments'][0]) as unknown as Record<
      string,
      unknown
    >;
    (input['attachments'] as Record<string, unknown>[])[0]['size'] = -1.5;
    const error = await invalid('ingest-attachments', Buffer.from(msgpack(input)));
    expect(error.message).toContain('attachments[0].size: expected long, got -1.5');
    (input['attachments'] as Record<string, unknown>[])[0]['size'] = '12';
    const again = await invalid('ingest-attachments', Buffer.from(msgpack(input)));
    expect(again.message).toContain('attachments[0].size: expected null or long, got "12"');
  });

  it('rejects an unknown discriminator value', async () => {
    const error = await invalid('ingest-attachments', json({ type: 'session', project_id: 1 }));
    expect(error.message).toContain(
      'type: expected one of "event", "attachment", "attachment_chunk", "user_report", got "session"',
    );
  });

  it('rejects a non-object where a JSON object belongs', async () => {
    const input = { ...clone(SAMPLE_INPUTS['ingest-occurrences'][0]), evidence_data: 'nope' };
    const error = await invalid('ingest-occurrences', json(input));
    expect(error.message).toContain('evidence_data: expected JSON object, got "nope"');
  });

  it('requires event_id unless the inline event has one', async () => {
    const input = clone(SAMPLE_INPUTS['ingest-occurrences'][0]) as unknown as Record<
      string,
      unknown
    >;
    delete input['event'];
    const error = await invalid('ingest-occurrences', json(input));
    expect(error.message).toContain('event_id: required unless an inline event');
    input['event_id'] = 'b'.repeat(32);
    await expect(codec.decode('ingest-occurrences', json(input))).resolves.toMatchObject({
      ok: true,
    });
  });

  it('requires exactly one of chunks, data and stored_id on an attachment', async () => {
    const input = clone(SAMPLE_INPUTS['ingest-attachments'][1]) as unknown as {
      attachment: Record<string, unknown>;
    };
    input.attachment['chunks'] = 1;
    const error = await invalid('ingest-attachments', Buffer.from(msgpack(input)));
    expect(error.message).toContain(
      'attachment: exactly one of chunks, data, stored_id must be set (found chunks, data)',
    );
  });

  it.each([
    ['empty_message', Buffer.alloc(0)],
    ['unknown_encoding', Buffer.from('hello')],
    ['malformed_json', Buffer.from('{"id": ')],
    ['malformed_msgpack', Buffer.from([0x82, 0xa2, 0x69, 0x64])],
    ['malformed_avro', Buffer.from([0, 0, 0])],
  ])('%s', async (reason, bytes) => {
    const error = await invalid('test-record', bytes);
    expect(error.reason).toBe(reason);
    expect(error.name).toBe('InvalidMessageError');
  });

  it('rejects a non-object JSON document', async () => {
    const error = await invalid('ingest-occurrences', json([1, 2]));
    expect(error.message).toContain('expected an object, got array(2)');
  });

  it('safeDecode returns poison messages instead of throwing', async () => {
    const result = await codec.safeDecode('test-record', Buffer.from('{}'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.reason).toBe('schema_validation');
  });
});

describe('Avro reads', () => {
  const schema = new TopicSchema('test-record');
  const framed = frameConfluent(1, schema.writeAvro({ id: 'a', seq: 2, body: 'b' }));

  it('reports truncated and trailing bytes as malformed_avro', () => {
    const truncated = (() => {
      try {
        schema.readAvro(framed.subarray(0, framed.length - 1), 1, undefined);
      } catch (error) {
        return error as InvalidMessageError;
      }
      throw new Error('no error');
    })();
    expect(truncated.reason).toBe('malformed_avro');
    expect(truncated.message).toContain('schema id 1: truncated buffer');
    expect(() => schema.readAvro(Buffer.concat([framed, Buffer.from([1])]), 1, undefined)).toThrow(
      /trailing data/,
    );
  });

  it('fails a registry lookup as a retriable SchemaRegistryError, not as a poison message', async () => {
    const error = await thrown(() => codec.decode('test-record', framed));
    expect(isInvalidMessageError(error)).toBe(false);
    expect(error).toBeInstanceOf(SchemaRegistryError);
    expect((error as SchemaRegistryError).retriable).toBe(true);
  });
});

describe('encode', () => {
  it('validates before asking the registry', async () => {
    const error = await thrown(() =>
      codec.encode('test-record', { id: 'x', seq: 'one', body: 'b' } as never),
    );
    expect(isInvalidMessageError(error)).toBe(true);
    expect(error.message).toContain('seq: expected long, got "one"');
  });

  it('applies refinements to producers too', async () => {
    const withoutEvent = { ...SAMPLE_INPUTS['ingest-occurrences'][0], event: null };
    const error = await thrown(() => codec.encode('ingest-occurrences', withoutEvent));
    expect(error.message).toContain('event_id: required unless');
  });
});

describe('validate', () => {
  it('returns the typed record', () => {
    const record = codec.validate('outcomes', { timestamp: 't', outcome: 0 });
    expect(record).toMatchObject({ org_id: null, quantity: null, outcome: 0 });
  });

  it('throws for an unknown topic at runtime', () => {
    expect(() => codec.validate('nope' as Topic, {})).toThrow('no schema for topic "nope"');
  });
});

describe('isInvalidMessageError', () => {
  it('recognises errors by shape as well', () => {
    const foreign = Object.assign(new Error('x'), {
      name: 'InvalidMessageError',
      reason: 'schema_validation',
    });
    expect(isInvalidMessageError(foreign)).toBe(true);
    expect(isInvalidMessageError(new Error('x'))).toBe(false);
    expect(isInvalidMessageError('InvalidMessageError')).toBe(false);
  });
});
