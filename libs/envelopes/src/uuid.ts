const SIMPLE = /^[0-9a-fA-F]{32}$/;
const DASHED = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A 32-char or dashed 36-char UUID as 32 lowercase hex chars; undefined for anything else. */
export function normalizeUuid(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (SIMPLE.test(value)) return value.toLowerCase();
  if (DASHED.test(value)) return value.replace(/-/g, '').toLowerCase();
  return undefined;
}

/** The 16 raw bytes of a normalized (32-hex) UUID: the Kafka key Relay uses. */
export function uuidBytes(hex32: string): Buffer {
  return Buffer.from(hex32, 'hex');
}

export const NIL_UUID = '0'.repeat(32);
