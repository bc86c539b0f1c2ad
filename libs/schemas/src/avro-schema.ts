/**
 * The shape of Avro schema JSON as written in `schemas/*.avsc`. avsc's own
 * typings keep these private, and the code generator needs to walk them.
 */
export type AvroPrimitiveName =
  'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

export interface AvroField {
  name: string;
  type: AvroSchema;
  doc?: string;
  default?: unknown;
  aliases?: string[];
  order?: 'ascending' | 'descending' | 'ignore';
}

export interface AvroRecordSchema {
  type: 'record' | 'error';
  name: string;
  namespace?: string;
  doc?: string;
  aliases?: string[];
  fields: AvroField[];
}

export interface AvroEnumSchema {
  type: 'enum';
  name: string;
  namespace?: string;
  doc?: string;
  aliases?: string[];
  symbols: string[];
  default?: string;
}

export interface AvroArraySchema {
  type: 'array';
  items: AvroSchema;
}

export interface AvroMapSchema {
  type: 'map';
  values: AvroSchema;
}

export interface AvroFixedSchema {
  type: 'fixed';
  name: string;
  namespace?: string;
  size: number;
}

/** A primitive written in object form, possibly carrying a logical type. */
export interface AvroPrimitiveSchema {
  type: AvroPrimitiveName;
  logicalType?: string;
}

export type AvroSchema =
  | AvroPrimitiveName
  | string
  | AvroSchema[]
  | AvroRecordSchema
  | AvroEnumSchema
  | AvroArraySchema
  | AvroMapSchema
  | AvroFixedSchema
  | AvroPrimitiveSchema;

/** How a topic's messages map onto its schema (from `schemas/topics.json`). */
export interface TopicDefinition {
  /** Kafka topic name; the registry subject is `<topic>-value`. */
  readonly topic: string;
  /** Schema file name in `schemas/`. */
  readonly file: string;
  /** The Avro schema itself (embedded so the runtime reads no files). */
  readonly schema: AvroSchema;
  /**
   * For a top-level union of records: the field whose single-symbol enum
   * names the branch, and the branch to use when the field is missing or null.
   */
  readonly discriminator?: { readonly field: string; readonly default?: string };
  /** The JSON form is an array whose elements are the record's fields in order. */
  readonly jsonArrayForm?: boolean;
}
