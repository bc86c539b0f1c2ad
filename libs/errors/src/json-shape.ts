import { isJsonObject, type JsonObject, type JsonValue } from '@issuestream/schemas';

export type { JsonObject, JsonValue };
export { isJsonObject };

export const asObject = (value: unknown): JsonObject | undefined => (isJsonObject(value) ? value : undefined);
export const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const asArray = (value: unknown): JsonValue[] | undefined => (Array.isArray(value) ? (value as JsonValue[]) : undefined);

/** Nesting depth of a parsed JSON value, walked without recursion so that hostile input cannot overflow the stack. */
export function exceedsDepth(root: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 1 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value, depth } = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limit) return true;
    const children = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/** Cuts text to `limit` characters, ending in "..." when it was cut (as Relay trims strings). */
export function capText(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 3)}...` : text;
}
