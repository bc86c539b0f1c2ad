import { isJsonObject, type JsonObject, type JsonValue } from '@issuestream/schemas';

export type { JsonObject, JsonValue };
export { isJsonObject };

export const asObject = (value: unknown): JsonObject | undefined => (isJsonObject(value) ? value : undefined);
export const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const asArray = (value: unknown): JsonValue[] | undefined => (Array.isArray(value) ? (value as JsonValue[]) : undefined);

/**
 * Whether a parsed JSON value nests deeper than `limit`. The walk recurses
 * but never past the limit, so hostile input cannot overflow the stack, and
 * it allocates nothing (it runs over every accepted event).
 */
export function exceedsDepth(value: unknown, limit: number, depth = 1): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth > limit) return true;
  if (Array.isArray(value)) {
    for (const child of value) if (exceedsDepth(child, limit, depth + 1)) return true;
    return false;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) if (exceedsDepth(object[key], limit, depth + 1)) return true;
  return false;
}

/** Cuts text to `limit` characters, ending in "..." when it was cut (as Relay trims strings). */
export function capText(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 3)}...` : text;
}
