/**
 * Everything the codec knows about one topic, compiled once: the avsc reader
 * type, the branches of a top-level union by discriminator value, the input
 * adapters and the refinement. Pure and immutable; no registry involved.
 */
import { Resolver, Type, types } from 'avsc';
import type { TopicDefinition } from './avro-schema';
import {
  Encoding,
  formatIssues,
  InvalidMessageError,
  InvalidMessageReason,
  ValidationIssue,
} from './errors';
import type { Topic, TopicInputMap, TopicRecordMap } from './generated/index.generated';
import { TOPIC_DEFINITIONS } from './generated/index.generated';
import { Adapter, compileAdapter } from './input-adapter';
import { avroTypeOptions, isJsonObject } from './json';
import { REFINEMENTS, Refinement } from './refinements';
import { collectIssues, describeValue } from './validation';

interface Branch {
  /** The value the discriminator field holds for this branch. */
  readonly value: string;
  readonly type: types.RecordType;
  readonly adapt: Adapter | null;
}

/** A wrapped union value as avsc reads it: a branch object with `unwrap()`. */
interface WrappedBranch {
  unwrap(): unknown;
}

export class TopicSchema<T extends Topic = Topic> {
  readonly subject: string;
  /** The schema as registered: compact JSON of the .avsc file. */
  readonly schemaString: string;
  /** The reader type (for a union topic, the whole union). */
  readonly type: Type;
  private readonly root: { readonly type: types.RecordType; readonly adapt: Adapter | null } | null;
  private readonly union: {
    readonly discriminator: { readonly field: string; readonly default?: string };
    readonly branches: Map<string, Branch>;
  } | null;
  private readonly refine: Refinement | undefined;
  /**
   * Where records are written before being copied out at their exact size.
   * avsc's toBuffer writes any record over its 8 KiB scratch twice (once to
   * learn the size); this one grows to the largest record met instead.
   */
  private scratch = Buffer.allocUnsafe(16 * 1024);

  constructor(
    readonly topic: T,
    readonly definition: TopicDefinition = TOPIC_DEFINITIONS[topic],
  ) {
    this.subject = `${topic}-value`;
    this.schemaString = JSON.stringify(definition.schema);
    this.type = Type.forSchema(
      definition.schema as Parameters<typeof Type.forSchema>[0],
      avroTypeOptions(),
    );
    this.refine = REFINEMENTS[topic];
    const adapters = new Map<Type, Adapter | null>();

    if (
      this.type instanceof types.WrappedUnionType ||
      this.type instanceof types.UnwrappedUnionType
    ) {
      const discriminator = definition.discriminator;
      if (!discriminator)
        throw new Error(`topic ${topic}: a top-level union needs a discriminator`);
      this.root = null;
      const branches = new Map<string, Branch>();
      this.union = { discriminator, branches };
      for (const branchType of this.type.types) {
        if (!(branchType instanceof types.RecordType)) {
          throw new Error(`topic ${topic}: union branches must be records`);
        }
        const field = branchType.field(discriminator.field);
        if (!field || !(field.type instanceof types.EnumType) || field.type.symbols.length !== 1) {
          throw new Error(
            `topic ${topic}: branch ${branchType.name} needs a single-symbol enum field ${discriminator.field}`,
          );
        }
        const value = field.type.symbols[0];
        branches.set(value, {
          value,
          type: branchType,
          adapt: compileAdapter(branchType, adapters),
        });
      }
      if (discriminator.default !== undefined && !branches.has(discriminator.default)) {
        throw new Error(`topic ${topic}: default branch ${discriminator.default} does not exist`);
      }
    } else if (this.type instanceof types.RecordType) {
      this.root = { type: this.type, adapt: compileAdapter(this.type, adapters) };
      this.union = null;
    } else {
      throw new Error(`topic ${topic}: the schema must be a record or a union of records`);
    }
  }

  private invalid(
    reason: InvalidMessageReason,
    detail: string,
    extra: {
      encoding?: Encoding;
      schemaId?: number;
      issues?: ValidationIssue[];
      cause?: unknown;
    } = {},
  ): InvalidMessageError {
    const via = extra.encoding ? ` (${extra.encoding})` : '';
    return new InvalidMessageError(reason, `invalid ${this.topic} message${via}: ${detail}`, {
      topic: this.topic,
      ...extra,
    });
  }

  private validationError(
    issues: ValidationIssue[],
    encoding: Encoding | undefined,
    schemaId?: number,
  ): InvalidMessageError {
    return this.invalid('schema_validation', formatIssues(issues), { encoding, schemaId, issues });
  }

  /** The branch a value belongs to, by its discriminator (filling in the default when missing). */
  private branchOf(value: Record<string, unknown>): Branch | ValidationIssue {
    if (!this.union) throw new Error(`topic ${this.topic} is not a union`);
    const { discriminator, branches } = this.union;
    const { field, default: fallback } = discriminator;
    let tag = value[field];
    if ((tag === undefined || tag === null) && fallback !== undefined) {
      tag = fallback;
      value[field] = fallback;
    }
    const branch = typeof tag === 'string' ? branches.get(tag) : undefined;
    if (branch) return branch;
    const expected = [...branches.keys()].map((v) => JSON.stringify(v)).join(', ');
    return {
      path: field,
      message:
        tag === undefined
          ? `required field is missing (expected one of ${expected})`
          : `expected one of ${expected}, got ${describeValue(tag)}`,
    };
  }

  /**
   * Validates a value parsed from JSON or msgpack (or built in memory) and
   * returns it as the topic's record type: aliases mapped, defaults filled in,
   * binary as Buffers. Unknown extra keys are allowed and kept.
   * Throws InvalidMessageError naming every offending field path.
   */
  validate(input: unknown, encoding?: Encoding): TopicRecordMap[T] {
    let value = input;
    if (this.definition.jsonArrayForm && Array.isArray(value) && this.root) {
      // [version, operation, payload, state] → {version, operation, payload, state}
      const record: Record<string, unknown> = {};
      this.root.type.fields.forEach((field, i) => {
        if (i < (value as unknown[]).length) record[field.name] = (value as unknown[])[i];
      });
      value = record;
    }

    let type: types.RecordType;
    let adapt: Adapter | null;
    if (this.root) {
      ({ type, adapt } = this.root);
    } else {
      if (!isJsonObject(value)) {
        throw this.validationError(
          [{ path: '', message: `expected an object, got ${describeValue(value)}` }],
          encoding,
        );
      }
      const branch = this.branchOf(value);
      if (!('type' in branch)) throw this.validationError([branch], encoding);
      ({ type, adapt } = branch);
    }

    if (adapt) value = adapt(value);
    // Fast compiled check first; the slow path with paths only for invalid input.
    if (!type.isValid(value)) throw this.validationError(collectIssues(type, value), encoding);
    const issues = this.refine?.(value as Record<string, unknown>);
    if (issues?.length) throw this.validationError(issues, encoding);
    return value as TopicRecordMap[T];
  }

  /**
   * Reads a Confluent-framed Avro message (the 5 header bytes included). The
   * avsc read produces a value of the reader type by construction, so only
   * the refinement is checked on top.
   */
  readAvro(bytes: Buffer, schemaId: number, resolver: Resolver | undefined): TopicRecordMap[T] {
    let value: unknown;
    try {
      value = this.type.fromBuffer(bytes.subarray(5), resolver);
    } catch (error) {
      throw this.invalid('malformed_avro', `schema id ${schemaId}: ${(error as Error).message}`, {
        encoding: 'avro',
        schemaId,
        cause: error,
      });
    }
    if (this.union) value = (value as WrappedBranch).unwrap();
    const issues = this.refine?.(value as Record<string, unknown>);
    if (issues?.length) throw this.validationError(issues, 'avro', schemaId);
    return value as TopicRecordMap[T];
  }

  private encodeBody(value: unknown): Buffer {
    let end = this.type.encode(value, this.scratch, 0);
    if (end < 0) {
      // encode() answers minus the missing byte count when the buffer is too small.
      this.scratch = Buffer.allocUnsafe(Math.max(2 * this.scratch.length, this.scratch.length - end));
      end = this.type.encode(value, this.scratch, 0);
    }
    return Buffer.from(this.scratch.subarray(0, end));
  }

  /** Encodes a record as Avro (without framing), validating it first. */
  writeAvro(input: TopicInputMap[T]): Buffer {
    const record = input as unknown;
    let type: types.RecordType;
    let value: unknown = record;
    if (this.root) {
      type = this.root.type;
    } else {
      if (!isJsonObject(record)) {
        throw this.validationError(
          [{ path: '', message: `expected an object, got ${describeValue(record)}` }],
          undefined,
        );
      }
      const branch = this.branchOf({ ...record });
      if (!('type' in branch)) throw this.validationError([branch], undefined);
      type = branch.type;
      value = { [type.branchName ?? '']: record };
    }
    const issues = this.refine?.(record as Record<string, unknown>);
    if (issues?.length) throw this.validationError(issues, undefined);
    try {
      return this.encodeBody(value);
    } catch (error) {
      const found = collectIssues(type, record);
      throw this.validationError(
        found.length ? found : [{ path: '', message: (error as Error).message }],
        undefined,
      );
    }
  }
}
