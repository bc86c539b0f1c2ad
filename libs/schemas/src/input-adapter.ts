/**
 * Prepares JSON and msgpack input for validation, guided by the schema:
 * - a field missing under its name but present under one of its aliases is
 *   taken from the alias (`attachment_id` → `id` for attachment chunks);
 * - a missing field with a default gets the default, so decoded records have
 *   the same shape whatever the encoding;
 * - msgpack `bin` values (Uint8Array) in `bytes` fields become Buffers, which
 *   is what avsc expects.
 * Input that has the wrong shape is left as it is for validation to report.
 * The value is modified in place; it is freshly parsed and owned by the codec.
 */
import { Type, types } from 'avsc';
import { isJsonObject } from './json';

export type Adapter = (value: unknown) => unknown;

function toBuffer(value: unknown): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value;
}

interface FieldPlan {
  name: string;
  aliases: string[];
  hasDefault: boolean;
  defaultValue: () => unknown;
  adapt: Adapter | null;
}

/** Returns an adapter for values of `type`, or null when they never need one. */
export function compileAdapter(
  type: Type,
  cache = new Map<Type, Adapter | null>(),
): Adapter | null {
  if (cache.has(type)) return cache.get(type) ?? null;

  if (type.typeName === 'bytes') return toBuffer;

  if (type instanceof types.LogicalType) {
    // json holds free-form objects, nothing to adapt; others adapt like their underlying type.
    return type.typeName === 'logical:json' ? null : compileAdapter(type.underlyingType, cache);
  }

  if (type instanceof types.RecordType) {
    // Registered before compiling the fields so that recursive records terminate.
    let compiled: Adapter | null = null;
    cache.set(type, (value) => (compiled ? compiled(value) : value));
    const plans: FieldPlan[] = type.fields.map((field) => ({
      name: field.name,
      aliases: field.aliases,
      hasDefault: field.defaultValue() !== undefined,
      defaultValue: () => field.defaultValue() as unknown,
      adapt: compileAdapter(field.type, cache),
    }));
    const active = plans.filter((p) => p.aliases.length || p.hasDefault || p.adapt);
    if (!active.length) {
      cache.set(type, null);
      return null;
    }
    compiled = (value) => {
      if (!isJsonObject(value)) return value;
      const record = value as Record<string, unknown>;
      for (const plan of active) {
        let field = record[plan.name];
        if (field === undefined) {
          for (const alias of plan.aliases) {
            if (record[alias] !== undefined) {
              field = record[alias];
              break;
            }
          }
        }
        if (field === undefined) {
          if (plan.hasDefault) record[plan.name] = plan.defaultValue();
          continue;
        }
        record[plan.name] = plan.adapt ? plan.adapt(field) : field;
      }
      return record;
    };
    const adapter: Adapter = compiled;
    cache.set(type, adapter);
    return adapter;
  }

  if (type instanceof types.ArrayType) {
    const items = compileAdapter(type.itemsType, cache);
    if (!items) return null;
    return (value) => {
      if (Array.isArray(value)) for (let i = 0; i < value.length; i++) value[i] = items(value[i]);
      return value;
    };
  }

  if (type instanceof types.MapType) {
    const values = compileAdapter(type.valuesType as Type, cache);
    if (!values) return null;
    return (value) => {
      if (isJsonObject(value)) {
        const map = value as Record<string, unknown>;
        for (const key of Object.keys(map)) map[key] = values(map[key]);
      }
      return value;
    };
  }

  if (type instanceof types.UnwrappedUnionType) {
    // Pick the branch by the value's shape, as avsc does for unwrapped unions.
    let forBytes: Adapter | null = null;
    let forArray: Adapter | null = null;
    let forObject: Adapter | null = null;
    for (const branch of type.types) {
      const adapt = compileAdapter(branch, cache);
      if (!adapt) continue;
      if (branch.typeName === 'bytes') forBytes = adapt;
      else if (branch instanceof types.ArrayType) forArray = adapt;
      else if (branch instanceof types.RecordType || branch instanceof types.MapType)
        forObject ??= adapt;
    }
    if (!forBytes && !forArray && !forObject) return null;
    return (value) => {
      if (value instanceof Uint8Array) return forBytes ? forBytes(value) : value;
      if (Array.isArray(value)) return forArray ? forArray(value) : value;
      if (isJsonObject(value)) return forObject ? forObject(value) : value;
      return value;
    };
  }

  return null;
}
