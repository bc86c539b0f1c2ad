import { Type, types } from 'avsc';
import { bytesAsViews } from './bytes-view';

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object: what a `{"type":"string","logicalType":"json"}` field holds in memory. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a plain object (not null, an array or a byte buffer). */
export function isJsonObject(value: unknown): value is JsonObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}

/**
 * A JSON object its producer has already serialised (for another store, say).
 * The json logical type writes the text as it is instead of serialising the
 * object again; the producer vouches that it is a JSON object.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/** Passes serialised JSON where a json-typed field expects its object. */
export function serializedJson(text: string): JsonObject {
  if (!text.startsWith('{')) throw new Error('json logical type: expected the text of a JSON object');
  return new JsonText(text) as unknown as JsonObject;
}

/**
 * Avro logical type `json`: a string on the wire, a parsed JSON object in
 * memory. Free-form dictionaries (an occurrence's evidence data, an inline
 * event, the eventstream's event data) use it so that JSON and msgpack input
 * validates as-is and producers pass plain objects.
 *
 * Only objects are accepted, so that `["null", json]` unions stay unambiguous.
 */
export class JsonType extends types.LogicalType {
  protected override _fromValue(value: unknown): JsonObject {
    const parsed: unknown = JSON.parse(value as string);
    if (!isJsonObject(parsed)) {
      throw new Error('json logical type: expected a JSON object');
    }
    return parsed;
  }

  protected override _toValue(value: unknown): string | undefined {
    if (value instanceof JsonText) return value.text;
    // Returning undefined tells avsc the value is invalid.
    return isJsonObject(value) ? JSON.stringify(value) : undefined;
  }

  /**
   * Overrides avsc's check, which would serialise the whole object only to
   * throw the string away: validation just needs to know it is an object.
   */
  _check(value: unknown, _flags: unknown, hook?: (value: unknown, type: Type) => void): boolean {
    const ok = isJsonObject(value);
    if (!ok && hook) hook(value, this);
    return ok;
  }

  /** Resolution: a writer's plain string is parsed; a writer's json type already was. */
  protected override _resolve(writer: Type): ((value: unknown) => unknown) | undefined {
    if (writer instanceof JsonType) return (value) => value;
    if (writer.typeName === 'string') return (value) => this._fromValue(value);
    return undefined;
  }
}

/**
 * The `forSchema` options every issuestream type is built with. A fresh
 * object each time: avsc stores its registry of named types in the options.
 */
export function avroTypeOptions() {
  return {
    logicalTypes: { json: JsonType },
    wrapUnions: 'auto' as const,
    omitRecordMethods: true,
    typeHook: bytesAsViews,
  };
}
