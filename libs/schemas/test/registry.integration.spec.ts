/**
 * Integration tests against a real Confluent-compatible registry (Apicurio's
 * ccompat API in the local stack) at SCHEMA_REGISTRY_URL; `npm test` starts it.
 * Subjects created here have random names and are deleted afterwards; the
 * topic subjects themselves are registered as `schemas:register` would.
 */
import { Type } from 'avsc';
import { randomUUID } from 'node:crypto';
import type { AvroRecordSchema } from '../src/avro-schema';
import {
  backwardIncompatibility,
  createCodec,
  frameConfluent,
  InvalidMessageError,
  isInvalidMessageError,
  RegistryApi,
  SchemaRegistryError,
  TOPIC_DEFINITIONS,
  TOPICS,
  TopicSchema,
} from '../src';
import { checkAgainstRegistry } from '../src/tooling/compat-check';
import { loadSchemaSources } from '../src/tooling/sources';
import { clone, thrown } from './helpers';
import { SAMPLE_INPUTS } from './sample-records';

const REGISTRY_URL = process.env['SCHEMA_REGISTRY_URL'] || 'http://127.0.0.1:8081/apis/ccompat/v7';

const testRecord = TOPIC_DEFINITIONS['test-record'].schema as AvroRecordSchema;

describe('schema registry integration', () => {
  const api = new RegistryApi(REGISTRY_URL);
  const codec = createCodec({ registryUrl: REGISTRY_URL });
  const created: string[] = [];

  function randomSubject(label: string): string {
    const subject = `it-${label}-${randomUUID()}-value`;
    created.push(subject);
    return subject;
  }

  afterAll(async () => {
    for (const subject of created) await api.deleteSubject(subject).catch(() => undefined);
  });

  it('finds every schema in schemas/ backward compatible with the registered one', async () => {
    const findings = await checkAgainstRegistry(loadSchemaSources(), api);
    expect(findings.filter((finding) => !finding.compatible)).toEqual([]);
  });

  it('registers every topic schema idempotently, with BACKWARD compatibility', async () => {
    const first = await codec.registerAll();
    const second = await codec.registerAll();
    expect(first.map((r) => r.subject)).toEqual(TOPICS.map((topic) => `${topic}-value`));
    expect(second.map((r) => r.id)).toEqual(first.map((r) => r.id));
    expect(second.every((r) => !r.created)).toBe(true);
    for (const { subject } of first) expect(await api.getCompatibility(subject)).toBe('BACKWARD');
  });

  const cases = TOPICS.flatMap((topic) =>
    (SAMPLE_INPUTS[topic] as unknown[]).map((input, i) => [topic, i, input] as const),
  );

  it.each(cases)('round trips %s #%i through Confluent-framed Avro', async (topic, _i, input) => {
    const bytes = await codec.encode(topic, clone(input) as never);
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(await codec.schemaId(topic));

    const expected = new TopicSchema(topic).validate(clone(input));
    const decoded = await codec.decode(topic, bytes);
    expect(decoded).toMatchObject({ ok: true, encoding: 'avro', schemaId: bytes.readInt32BE(1) });
    expect(decoded.record).toEqual(expected);

    // A codec with cold caches fetches the writer schema by id.
    const fresh = createCodec({ registryUrl: REGISTRY_URL });
    expect((await fresh.decode(topic, bytes)).record).toEqual(expected);
  });

  it('resolves data written with a different but compatible writer schema', async () => {
    const writerSchema: AvroRecordSchema = {
      ...testRecord,
      fields: [...testRecord.fields, { name: 'extra', type: 'string' }],
    };
    const id = await api.register(randomSubject('writer'), JSON.stringify(writerSchema));
    const body = Type.forSchema(writerSchema as never).toBuffer({
      id: 'w',
      seq: 9,
      body: 'b',
      extra: 'dropped',
    });
    const { record } = await codec.decode('test-record', frameConfluent(id, body));
    expect(record).toEqual({ id: 'w', seq: 9, body: 'b' });
  });

  it('rejects data whose writer schema cannot be read as the topic schema', async () => {
    const writerSchema: AvroRecordSchema = { ...testRecord, fields: testRecord.fields.slice(0, 2) };
    const id = await api.register(randomSubject('incompatible'), JSON.stringify(writerSchema));
    const body = Type.forSchema(writerSchema as never).toBuffer({ id: 'w', seq: 1 });
    const error = await thrown(() => codec.decode('test-record', frameConfluent(id, body)));
    expect(isInvalidMessageError(error)).toBe(true);
    expect((error as InvalidMessageError).reason).toBe('incompatible_schema');
    expect(error.message).toContain(`schema id ${id}`);
  });

  it('decodes records synchronously once the writer schema is cached', async () => {
    await codec.registerAll();
    const bytes = await codec.encode('test-record', { id: 'sync', seq: 7, body: 'b' });
    const decodeRecord = codec.recordDecoder('test-record');
    const fresh = createCodec({ registryUrl: REGISTRY_URL }).recordDecoder('test-record');
    const first = fresh(bytes);
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toEqual({ id: 'sync', seq: 7, body: 'b' });
    expect(fresh(bytes)).toEqual({ id: 'sync', seq: 7, body: 'b' });
    expect(codec.recordDecoder('test-record')).toBe(decodeRecord);
    expect(() => decodeRecord(Buffer.from('nope'))).toThrow(InvalidMessageError);
  });

  it('rejects an unknown schema id as a poison message', async () => {
    const error = await thrown(() =>
      codec.decode('test-record', frameConfluent(2_000_000_000, Buffer.from([2, 0x61]))),
    );
    expect(isInvalidMessageError(error)).toBe(true);
    expect((error as InvalidMessageError).reason).toBe('unknown_schema_id');
  });

  it('rejects truncated Avro as malformed', async () => {
    const bytes = await codec.encode('test-record', { id: 'x', seq: 1, body: 'hello' });
    const error = await thrown(() =>
      codec.decode('test-record', bytes.subarray(0, bytes.length - 2)),
    );
    expect((error as InvalidMessageError).reason).toBe('malformed_avro');
  });

  describe('schema evolution under BACKWARD', () => {
    const v1: AvroRecordSchema = {
      type: 'record',
      name: 'Evolving',
      namespace: 'io.issuestream.test',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'count', type: 'int' },
      ],
    };
    const optionalAdded: AvroRecordSchema = {
      ...v1,
      fields: [...v1.fields, { name: 'note', type: ['null', 'string'], default: null }],
    };
    const requiredAdded: AvroRecordSchema = {
      ...optionalAdded,
      fields: [...optionalAdded.fields, { name: 'owner', type: 'string' }],
    };
    const typeChanged: AvroRecordSchema = {
      ...optionalAdded,
      fields: [{ name: 'id', type: 'long' }, ...optionalAdded.fields.slice(1)],
    };

    let subject: string;
    beforeAll(async () => {
      subject = randomSubject('evolution');
      await api.register(subject, JSON.stringify(v1));
      await api.setCompatibility(subject, 'BACKWARD');
    });

    it('accepts a new optional field with a default', async () => {
      const check = await api.checkCompatibility(subject, JSON.stringify(optionalAdded));
      expect(check).toMatchObject({ checked: true, compatible: true });
      expect(backwardIncompatibility(optionalAdded, v1)).toBeNull();
      const id = await api.register(subject, JSON.stringify(optionalAdded));
      expect((await api.latestVersion(subject))?.id).toBe(id);
    });

    it.each([
      ['a new required field without default', requiredAdded],
      ['a changed field type', typeChanged],
    ])('rejects %s', async (_label, next) => {
      const check = await api.checkCompatibility(subject, JSON.stringify(next));
      expect(check).toMatchObject({ checked: true, compatible: false });
      expect(backwardIncompatibility(next, optionalAdded)).not.toBeNull();
      const error = await thrown(() => api.register(subject, JSON.stringify(next)));
      expect(error).toBeInstanceOf(SchemaRegistryError);
      expect((error as SchemaRegistryError).status).toBe(409);
    });
  });
});
