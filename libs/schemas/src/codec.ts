/**
 * The codec: decodes any accepted encoding into a validated, typed record and
 * encodes records as Confluent-framed Avro. Schema ids and avsc types are
 * cached per codec, so the registry is asked once per schema id and topic,
 * never per message.
 */
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Decoder as MsgpackDecoder } from '@msgpack/msgpack';
import { Resolver, Type } from 'avsc';
import { CONFLUENT_HEADER_SIZE, detectEncoding, frameConfluent } from './encoding';
import {
  Encoding,
  InvalidMessageError,
  isInvalidMessageError,
  SchemaRegistryError,
} from './errors';
import {
  Topic,
  TOPIC_DEFINITIONS,
  TopicInputMap,
  TopicRecordMap,
} from './generated/index.generated';
import { avroTypeOptions } from './json';
import { RegistryApi } from './registry-api';
import { TopicSchema } from './topic-schema';

export type TopicRecord<T extends Topic> = TopicRecordMap[T];
export type TopicInput<T extends Topic> = TopicInputMap[T];

/** A successfully decoded and validated message. */
export interface Decoded<T extends Topic> {
  readonly ok: true;
  readonly record: TopicRecord<T>;
  readonly encoding: Encoding;
  /** The writer schema id for Avro input, null for JSON and msgpack. */
  readonly schemaId: number | null;
}

export type SafeDecoded<T extends Topic> =
  Decoded<T> | { readonly ok: false; readonly error: InvalidMessageError };

export interface RegistrationResult {
  readonly topic: Topic;
  readonly subject: string;
  readonly id: number;
  /** True when this call added a version; false when the schema was already the registered one. */
  readonly created: boolean;
}

export interface CodecOptions {
  /** Confluent-compatible registry API base, e.g. http://127.0.0.1:8081/apis/ccompat/v7. */
  readonly registryUrl: string;
  /** How long a schema id the registry does not know is remembered as unknown (default 30 s). */
  readonly unknownIdTtlMs?: number;
}

export interface SchemaCodec {
  /**
   * Detects the encoding, decodes and validates. Rejects with
   * InvalidMessageError for poison messages (send them to the DLQ) and with
   * SchemaRegistryError (retriable) when the registry cannot be reached.
   */
  decode<T extends Topic>(topic: T, bytes: Buffer): Promise<Decoded<T>>;
  /**
   * The record-only decoder consumers hand to the runtime. It answers
   * synchronously whenever it can (JSON, msgpack, Avro whose writer schema is
   * cached) and returns a promise only when it must ask the registry, so a
   * batch of thousands of messages costs no promise per message.
   */
  recordDecoder<T extends Topic>(topic: T): (bytes: Buffer) => TopicRecord<T> | Promise<TopicRecord<T>>;
  /** Like decode, but returns poison messages as `{ ok: false, error }`; still rejects on registry failures. */
  safeDecode<T extends Topic>(topic: T, bytes: Buffer): Promise<SafeDecoded<T>>;
  /** Validates and encodes as Confluent-framed Avro with the id of the topic's schema under `<topic>-value`. */
  encode<T extends Topic>(topic: T, record: TopicInput<T>): Promise<Buffer>;
  /** Validates an in-memory value against the topic's schema (no registry). */
  validate<T extends Topic>(topic: T, value: unknown): TopicRecord<T>;
  /** The registry id of the topic's current schema (cached). */
  schemaId(topic: Topic): Promise<number>;
  /** Registers every schema under `<topic>-value` with BACKWARD compatibility. Idempotent. */
  registerAll(): Promise<RegistrationResult[]>;
}

/** How to read one writer schema id as one topic's reader type. */
type ReadPlan =
  | { readonly kind: 'ok'; readonly resolver: Resolver | undefined }
  | { readonly kind: 'invalid'; readonly error: InvalidMessageError; readonly until: number };

interface TopicState {
  readonly schema: TopicSchema;
  readonly plans: Map<number, ReadPlan>;
  readonly pending: Map<number, Promise<ReadPlan>>;
  id: Promise<number> | null;
}

function isNotFound(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 404
  );
}

export function createCodec(options: CodecOptions): SchemaCodec {
  const registry = new SchemaRegistry(
    { host: options.registryUrl },
    // Writer schemas fetched by id get the same logical types as our readers.
    { [SchemaType.AVRO]: avroTypeOptions() },
  );
  const api = new RegistryApi(options.registryUrl);
  const unknownIdTtlMs = options.unknownIdTtlMs ?? 30_000;
  const states = new Map<Topic, TopicState>();
  const recordDecoders = new Map<Topic, (bytes: Buffer) => unknown>();
  // One decoder per codec: it keeps a cache of map keys, which Relay's messages repeat.
  const msgpack = new MsgpackDecoder();

  function state(topic: Topic): TopicState {
    let found = states.get(topic);
    if (!found) {
      if (!Object.prototype.hasOwnProperty.call(TOPIC_DEFINITIONS, topic)) {
        throw new Error(`no schema for topic ${JSON.stringify(topic)}`);
      }
      found = { schema: new TopicSchema(topic), plans: new Map(), pending: new Map(), id: null };
      states.set(topic, found);
    }
    return found;
  }

  async function loadPlan(topicState: TopicState, schemaId: number): Promise<ReadPlan> {
    const { schema } = topicState;
    let writer: Type;
    try {
      writer = (await registry.getSchema(schemaId)) as unknown as Type;
    } catch (error) {
      if (isNotFound(error)) {
        const invalid = new InvalidMessageError(
          'unknown_schema_id',
          `invalid ${schema.topic} message (avro): schema id ${schemaId} is not in the registry`,
          { topic: schema.topic, encoding: 'avro', schemaId, cause: error },
        );
        return { kind: 'invalid', error: invalid, until: Date.now() + unknownIdTtlMs };
      }
      throw new SchemaRegistryError(
        `cannot fetch schema id ${schemaId}: ${(error as Error).message}`,
        true,
        undefined,
        error,
      );
    }
    if (!Type.isType(writer)) {
      throw new SchemaRegistryError(`schema id ${schemaId} is not an Avro schema`, false);
    }
    if (schema.type.equals(writer)) return { kind: 'ok', resolver: undefined };
    try {
      return { kind: 'ok', resolver: schema.type.createResolver(writer) };
    } catch (error) {
      const invalid = new InvalidMessageError(
        'incompatible_schema',
        `invalid ${schema.topic} message (avro): schema id ${schemaId} cannot be read as the ${schema.topic} schema: ${(error as Error).message}`,
        { topic: schema.topic, encoding: 'avro', schemaId, cause: error },
      );
      return { kind: 'invalid', error: invalid, until: Number.POSITIVE_INFINITY };
    }
  }

  async function plan(topicState: TopicState, schemaId: number): Promise<ReadPlan> {
    let pending = topicState.pending.get(schemaId);
    if (!pending) {
      pending = loadPlan(topicState, schemaId).finally(() => topicState.pending.delete(schemaId));
      topicState.pending.set(schemaId, pending);
    }
    const loaded = await pending;
    topicState.plans.set(schemaId, loaded);
    return loaded;
  }

  /** Reads an Avro message, or returns the schema id whose read plan must be loaded first. */
  function decodeAvroCached<T extends Topic>(topicState: TopicState, bytes: Buffer): Decoded<T> | number {
    const { schema } = topicState;
    if (bytes.length < CONFLUENT_HEADER_SIZE) {
      throw new InvalidMessageError(
        'malformed_avro',
        `invalid ${schema.topic} message (avro): ${bytes.length} bytes, shorter than the 5-byte Confluent header`,
        { topic: schema.topic, encoding: 'avro' },
      );
    }
    const schemaId = bytes.readInt32BE(1);
    const readPlan = topicState.plans.get(schemaId);
    if (!readPlan || (readPlan.kind === 'invalid' && readPlan.until < Date.now())) return schemaId;
    if (readPlan.kind === 'invalid') {
      const { error } = readPlan;
      throw new InvalidMessageError(error.reason, error.message, {
        topic: error.topic,
        encoding: 'avro',
        schemaId,
      });
    }
    const record = schema.readAvro(bytes, schemaId, readPlan.resolver) as TopicRecord<T>;
    return { ok: true, record, encoding: 'avro', schemaId };
  }

  function parse(topic: Topic, encoding: 'json' | 'msgpack', bytes: Buffer): unknown {
    try {
      return encoding === 'json' ? JSON.parse(bytes.toString('utf8')) : msgpack.decode(bytes);
    } catch (error) {
      throw new InvalidMessageError(
        encoding === 'json' ? 'malformed_json' : 'malformed_msgpack',
        `invalid ${topic} message (${encoding}): ${(error as Error).message}`,
        { topic, encoding, cause: error },
      );
    }
  }

  /** Decodes without awaiting, or returns the schema id to load first. */
  function decodeNow<T extends Topic>(topic: T, bytes: Buffer): Decoded<T> | number {
    const topicState = state(topic);
    const encoding = detectEncoding(bytes);
    if (encoding === 'avro') return decodeAvroCached<T>(topicState, bytes);
    if (encoding === null) {
      throw bytes.length === 0
        ? new InvalidMessageError('empty_message', `invalid ${topic} message: no bytes`, { topic })
        : new InvalidMessageError(
            'unknown_encoding',
            `invalid ${topic} message: first byte 0x${bytes[0].toString(16).padStart(2, '0')} is not 0x00 (Avro), '{' or '[' (JSON) or a msgpack map`,
            { topic },
          );
    }
    const value = parse(topic, encoding, bytes);
    const record = topicState.schema.validate(value, encoding) as TopicRecord<T>;
    return { ok: true, record, encoding, schemaId: null };
  }

  async function decode<T extends Topic>(topic: T, bytes: Buffer): Promise<Decoded<T>> {
    const first = decodeNow(topic, bytes);
    if (typeof first !== 'number') return first;
    await plan(state(topic), first);
    const second = decodeNow(topic, bytes);
    if (typeof second === 'number') throw new SchemaRegistryError(`schema id ${second} could not be loaded`, true);
    return second;
  }

  function schemaId(topic: Topic): Promise<number> {
    const topicState = state(topic);
    if (!topicState.id) {
      const { subject, schemaString } = topicState.schema;
      topicState.id = registry
        .getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema: schemaString })
        .catch((error: unknown) => {
          topicState.id = null; // retry on the next call
          const status = (error as { status?: number }).status;
          const notRegistered =
            isNotFound(error) || (error instanceof Error && /not found/i.test(error.message));
          throw new SchemaRegistryError(
            notRegistered
              ? `the ${topic} schema is not registered under ${subject}; run \`npx nx run schemas:register\``
              : `cannot look up the ${topic} schema id: ${(error as Error).message}`,
            !notRegistered,
            status,
            error,
          );
        });
    }
    return topicState.id;
  }

  return {
    decode,
    recordDecoder<T extends Topic>(topic: T) {
      let decoder = recordDecoders.get(topic) as ((bytes: Buffer) => TopicRecord<T> | Promise<TopicRecord<T>>) | undefined;
      if (!decoder) {
        decoder = (bytes: Buffer) => {
          const decoded = decodeNow(topic, bytes);
          return typeof decoded === 'number' ? decode(topic, bytes).then((d) => d.record) : decoded.record;
        };
        recordDecoders.set(topic, decoder);
      }
      return decoder;
    },
    async safeDecode<T extends Topic>(topic: T, bytes: Buffer): Promise<SafeDecoded<T>> {
      try {
        return await decode(topic, bytes);
      } catch (error) {
        if (isInvalidMessageError(error)) return { ok: false, error };
        throw error;
      }
    },
    async encode<T extends Topic>(topic: T, record: TopicInput<T>): Promise<Buffer> {
      const { schema } = state(topic);
      // Validate before the (possibly first) registry lookup, so bad input fails fast.
      const body = schema.writeAvro(record);
      return frameConfluent(await schemaId(topic), body);
    },
    validate<T extends Topic>(topic: T, value: unknown): TopicRecord<T> {
      return state(topic).schema.validate(value) as TopicRecord<T>;
    },
    schemaId,
    async registerAll(): Promise<RegistrationResult[]> {
      const results: RegistrationResult[] = [];
      for (const topic of Object.keys(TOPIC_DEFINITIONS) as Topic[]) {
        const { schema } = state(topic);
        const result = await registerSchema(api, schema.subject, schema.schemaString);
        results.push({ topic, ...result });
      }
      return results;
    },
  };
}

/**
 * Registers one schema under `subject` and sets BACKWARD compatibility.
 * Idempotent: registering the current schema again adds no version.
 */
export async function registerSchema(
  api: RegistryApi,
  subject: string,
  schema: string,
): Promise<{ subject: string; id: number; created: boolean }> {
  const before = await api.latestVersion(subject);
  // An existing subject gets its rule first, so this registration is checked against it;
  // a new subject can only be configured once it exists.
  if (before) await api.setCompatibility(subject, 'BACKWARD');
  const id = await api.register(subject, schema);
  if (!before) await api.setCompatibility(subject, 'BACKWARD');
  const after = await api.latestVersion(subject);
  return { subject, id, created: !before || (after !== null && after.version !== before.version) };
}
