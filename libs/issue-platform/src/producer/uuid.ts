import { randomUUID } from 'node:crypto';

const DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]{32}$/i;

/** A UUID written dashed or as 32 hex digits, as 32 lower-case hex digits; null for anything else. */
export function normaliseUuid(value: unknown): string | null {
  if (typeof value !== 'string' || !(DASHED.test(value) || HEX.test(value))) return null;
  return value.replace(/-/g, '').toLowerCase();
}

/** A random (v4) UUID as 32 lower-case hex digits. */
export function newUuidHex(): string {
  return randomUUID().replace(/-/g, '');
}
