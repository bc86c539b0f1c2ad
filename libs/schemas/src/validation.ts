/**
 * Turns avsc's validation callbacks into readable issues such as
 * `project_id: expected long, got "abc"`.
 */
import { Type, types } from 'avsc';
import type { ValidationIssue } from './errors';

/** `['attachments', '0', 'size']` → `attachments[0].size`. */
export function formatPath(path: readonly string[]): string {
  let out = '';
  for (const part of path) {
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

function shortName(name: string | undefined): string {
  return name ? name.slice(name.lastIndexOf('.') + 1) : 'record';
}

export function describeType(type: Type): string {
  if (type instanceof types.UnwrappedUnionType || type instanceof types.WrappedUnionType) {
    return type.types.map(describeType).join(' or ');
  }
  if (type instanceof types.EnumType) {
    return `one of ${type.symbols.map((symbol) => JSON.stringify(symbol)).join(', ')}`;
  }
  if (type instanceof types.RecordType) return `object (${shortName(type.name)})`;
  if (type instanceof types.ArrayType) return 'array';
  if (type instanceof types.MapType) return 'map';
  if (type instanceof types.FixedType) return `fixed(${type.size})`;
  if (type.typeName === 'logical:json') return 'JSON object';
  if (type instanceof types.LogicalType) return describeType(type.underlyingType);
  return type.typeName;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return `bytes(${value.length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  switch (typeof value) {
    case 'string': {
      const text = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
      return text;
    }
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      return 'object';
    default:
      return typeof value;
  }
}

/** Every problem avsc finds with `value` against `type` (empty when valid). */
export function collectIssues(type: Type, value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  type.isValid(value, {
    errorHook: (path: string[], invalid: unknown, invalidType: Type) => {
      issues.push({
        path: formatPath(path),
        message:
          invalid === undefined
            ? `required field is missing (expected ${describeType(invalidType)})`
            : `expected ${describeType(invalidType)}, got ${describeValue(invalid)}`,
      });
    },
  });
  return issues;
}
