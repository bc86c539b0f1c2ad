import { createHash } from 'node:crypto';

/**
 * Advisory-lock key for one migration history table. Derived from the table
 * name so components with separate histories do not block each other, and
 * computed here rather than with a server hash function so the key is stable
 * across Postgres versions. Returned as a string: it is a signed 64-bit value
 * that a JS number cannot hold exactly.
 */
export function migrationLockKey(qualifiedTable: string): string {
  const digest = createHash('sha256').update(`issuestream:migrations:${qualifiedTable}`).digest();
  return digest.readBigInt64BE(0).toString();
}
