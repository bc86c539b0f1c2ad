/**
 * Contract tests against the captured reference messages
 * (libs/testing/fixtures/sentry-kafka, or FIXTURES_DIR): every message decodes
 * and validates against our schema for its topic (the file-name prefix),
 * corrupted copies are rejected with the offending field named, and every
 * field a reference JSON schema requires exists in our Avro schema.
 */
import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FIXTURES_DIR, thrown } from '../test/helpers';
import type { AvroField, AvroRecordSchema, AvroSchema } from './avro-schema';
import {
  createCodec,
  frameConfluent,
  InvalidMessageError,
  isInvalidMessageError,
  Topic,
  TOPIC_DEFINITIONS,
  TopicSchema,
} from './index';

const codec = createCodec({ registryUrl: 'http://127.0.0.1:9/apis/ccompat/v7' });
const files = readdirSync(FIXTURES_DIR).sort();
const messageFiles = files.filter(
  (file) => file.endsWith('.msgpack') || (file.endsWith('.json') && !file.endsWith('.schema.json')),
);
const referenceSchemaFiles = files.filter((file) => file.endsWith('.schema.json'));

function topicOf(file: string): Topic {
  const topic = file.slice(0, file.indexOf('.'));
  if (!(topic in TOPIC_DEFINITIONS)) throw new Error(`${file}: no schema for topic ${topic}`);
  return topic as Topic;
}

function read(file: string): Buffer {
  return readFileSync(path.join(FIXTURES_DIR, file));
}

/** Parses a fixture into a plain value, and serialises a value back the same way. */
function codecFor(file: string): {
  parse(bytes: Buffer): Record<string, unknown>;
  serialise(value: unknown): Buffer;
} {
  return file.endsWith('.msgpack')
    ? {
        parse: (bytes) => msgpackDecode(bytes) as Record<string, unknown>,
        serialise: (value) => Buffer.from(msgpackEncode(value)),
      }
    : {
        parse: (bytes) => JSON.parse(bytes.toString('utf8')) as Record<string, unknown>,
        serialise: (value) => Buffer.from(JSON.stringify(value)),
      };
}

/** The record schemas a topic's messages can be (one per union branch). */
function recordSchemas(topic: Topic): AvroRecordSchema[] {
  const schema = TOPIC_DEFINITIONS[topic].schema;
  return (Array.isArray(schema) ? schema : [schema]) as AvroRecordSchema[];
}

/** The record schema of one value, chosen by the topic's discriminator. */
function recordSchemaOf(topic: Topic, value: Record<string, unknown>): AvroRecordSchema {
  const records = recordSchemas(topic);
  const discriminator = TOPIC_DEFINITIONS[topic].discriminator;
  if (!discriminator) return records[0];
  const tag = value[discriminator.field] ?? discriminator.default;
  const found = records.find((record) => {
    const field = record.fields.find((f) => f.name === discriminator.field);
    return JSON.stringify(field?.type).includes(JSON.stringify(tag));
  });
  if (!found) throw new Error(`no ${topic} branch for ${String(tag)}`);
  return found;
}

/** Key fields of each known fixture, as a reviewed snapshot. New fixtures only need to decode. */
const KEY_FIELDS: Record<string, Record<string, unknown>> = {
  'ingest-attachments.attachment.msgpack': {
    type: 'attachment',
    event_id: 'a'.repeat(32),
    project_id: 1,
    attachment: {
      id: 'b'.repeat(32),
      name: 'screenshot.png',
      content_type: 'application/png',
      attachment_type: 'event.attachment',
      chunks: 1,
      size: 100,
      rate_limited: false,
      data: null,
      stored_id: null,
    },
  },
  'ingest-feedback-events.widget.msgpack': {
    type: 'event',
    event_id: '7d657b21020e482da61e0b08f6b884a4',
    project_id: 1,
    start_time: 1710190027,
    remote_addr: '172.20.0.1',
    attachments: [],
  },
  'ingest-occurrences.monitor-failure.json': {
    id: 'a'.repeat(32),
    project_id: 1,
    event_id: 'b'.repeat(32),
    fingerprint: ['c'.repeat(32)],
    issue_title: 'Monitor failure: poll_service',
    subtitle: 'Your monitor has reached its failure threshold.',
    type: 4001,
    detection_time: 1717713781.1,
    level: 'error',
    culprit: '',
    initial_issue_priority: null,
    assignee: null,
    resource_id: null,
    evidence_data: {},
    payload_type: 'occurrence',
    is_buffered_spans: false,
  },
};

it('finds the fixtures', () => {
  expect(messageFiles.length).toBeGreaterThanOrEqual(3);
  expect(referenceSchemaFiles.length).toBeGreaterThanOrEqual(1);
});

describe.each(messageFiles)('fixture %s', (file) => {
  const topic = topicOf(file);
  const bytes = read(file);
  const { parse, serialise } = codecFor(file);

  it('decodes and validates against the topic schema', async () => {
    const result = await codec.decode(topic, bytes);
    expect(result.encoding).toBe(file.endsWith('.msgpack') ? 'msgpack' : 'json');
    expect(result.record).toMatchObject(KEY_FIELDS[file] ?? { project_id: expect.any(Number) });
  });

  it('keeps its payload intact', async () => {
    const { record } = await codec.decode(topic, bytes);
    const payload = (record as { payload?: unknown }).payload;
    if (payload === undefined) return;
    expect(Buffer.isBuffer(payload)).toBe(true);
    const event = JSON.parse((payload as Buffer).toString('utf8')) as { event_id?: string };
    expect(event.event_id).toBe((record as { event_id?: string }).event_id);
  });

  it('survives an Avro round trip unchanged', async () => {
    const { record } = await codec.decode(topic, bytes);
    const schema = new TopicSchema(topic);
    const framed = frameConfluent(1, schema.writeAvro(record as never));
    const fields = record as unknown as Record<string, unknown>;
    const known = Object.fromEntries(
      recordSchemaOf(topic, fields).fields.map((f) => [f.name, fields[f.name]]),
    );
    expect(schema.readAvro(framed, 1, undefined)).toEqual(known);
  });

  it('rejects project_id as a string, naming the field', async () => {
    const value = parse(bytes);
    value['project_id'] = 'abc';
    const error = await thrown(() => codec.decode(topic, serialise(value)));
    expect(isInvalidMessageError(error)).toBe(true);
    expect((error as InvalidMessageError).reason).toBe('schema_validation');
    expect(error.message).toContain('project_id: expected long, got "abc"');
  });

  const original = parse(bytes);
  const required = recordSchemaOf(topic, original)
    .fields.filter((field) => field.default === undefined && field.name in original)
    .map((field) => field.name);

  it.each(required)('rejects a copy without %s, naming the field', async (field) => {
    const value = parse(bytes);
    delete value[field];
    const error = await thrown(() => codec.decode(topic, serialise(value)));
    expect(isInvalidMessageError(error)).toBe(true);
    expect(error.message).toMatch(new RegExp(`(^|: |; )${field}: `));
  });

  it.each([
    ['half', Math.floor(bytes.length / 2)],
    ['all but the last byte', bytes.toString('latin1').trimEnd().length - 1],
  ])('rejects the bytes truncated to %s', async (_label, length) => {
    const error = await thrown(() => codec.decode(topic, bytes.subarray(0, length)));
    expect(isInvalidMessageError(error)).toBe(true);
    expect((error as InvalidMessageError).reason).toBe(
      file.endsWith('.msgpack') ? 'malformed_msgpack' : 'malformed_json',
    );
    expect(error.message).toContain(topic);
  });
});

interface ReferenceSchema {
  required?: string[];
  properties?: Record<string, { type?: string | string[] }>;
  oneOf?: { required?: string[] }[];
  anyOf?: { required?: string[] }[];
}

/** JSON-schema type → the Avro types that can hold it. */
const COMPATIBLE_TYPES: Record<string, string[]> = {
  integer: ['int', 'long'],
  number: ['int', 'long', 'float', 'double'],
  string: ['string', 'enum'],
  boolean: ['boolean'],
  array: ['array'],
  object: ['record', 'map', 'json'],
  null: ['null'],
};

function avroTypeNames(schema: AvroSchema): string[] {
  if (Array.isArray(schema)) return schema.flatMap(avroTypeNames);
  if (typeof schema === 'string') return [schema];
  if ('logicalType' in schema && schema.logicalType === 'json') return ['json'];
  return [schema.type];
}

function fieldNamed(record: AvroRecordSchema, name: string): AvroField | undefined {
  return record.fields.find((field) => field.name === name || field.aliases?.includes(name));
}

describe.each(referenceSchemaFiles)('reference schema %s', (file) => {
  const topic = topicOf(file);
  const reference = JSON.parse(read(file).toString('utf8')) as ReferenceSchema;
  const records = recordSchemas(topic);

  it.each(reference.required ?? [])(
    'every branch has the required field %s, with a compatible type',
    (name) => {
      for (const record of records) {
        const field = fieldNamed(record, name);
        expect({ record: record.name, field: field?.name }).toEqual({
          record: record.name,
          field: expect.any(String),
        });
        const declared = reference.properties?.[name]?.type;
        if (!declared || !field) continue;
        const ours = avroTypeNames(field.type);
        const allowed = (Array.isArray(declared) ? declared : [declared]).flatMap(
          (t) => COMPATIBLE_TYPES[t] ?? [],
        );
        expect({ field: name, ours: ours.filter((t) => allowed.includes(t)).length > 0 }).toEqual({
          field: name,
          ours: true,
        });
      }
    },
  );

  const alternatives = [...(reference.oneOf ?? []), ...(reference.anyOf ?? [])].filter(
    (alt) => alt.required,
  );
  if (alternatives.length) {
    it.each(alternatives.map((alt) => [alt.required!.join(', ')]))(
      'some branch has all fields of the alternative [%s]',
      (names) => {
        const fields = names.split(', ');
        expect(records.some((record) => fields.every((name) => fieldNamed(record, name)))).toBe(
          true,
        );
      },
    );
  }
});
