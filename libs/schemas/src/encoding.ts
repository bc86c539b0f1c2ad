import type { Encoding } from './errors';

/**
 * Detects a message's encoding from its first byte:
 * - 0x00: Confluent Avro framing (magic byte, 4-byte big-endian schema id, Avro body);
 * - `{` or `[` (or leading JSON whitespace): JSON;
 * - a msgpack map marker (fixmap 0x80–0x8f, map16 0xde, map32 0xdf): msgpack,
 *   as Relay writes it.
 * Returns null for anything else, including an empty buffer.
 */
export function detectEncoding(bytes: Uint8Array): Encoding | null {
  if (bytes.length === 0) return null;
  const first = bytes[0];
  if (first === 0x00) return 'avro';
  if (first === 0x7b || first === 0x5b) return 'json';
  if ((first >= 0x80 && first <= 0x8f) || first === 0xde || first === 0xdf) return 'msgpack';
  if (first === 0x20 || first === 0x09 || first === 0x0a || first === 0x0d) {
    // JSON with leading whitespace; no Avro or msgpack map starts like this.
    for (let i = 1; i < bytes.length; i++) {
      const next = bytes[i];
      if (next === 0x7b || next === 0x5b) return 'json';
      if (next !== 0x20 && next !== 0x09 && next !== 0x0a && next !== 0x0d) return null;
    }
  }
  return null;
}

/** Size of the Confluent wire-format header: magic byte + schema id. */
export const CONFLUENT_HEADER_SIZE = 5;

/** Prefixes an Avro body with the Confluent header for `schemaId`. */
export function frameConfluent(schemaId: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(CONFLUENT_HEADER_SIZE + body.length);
  out[0] = 0;
  out.writeInt32BE(schemaId, 1);
  body.copy(out, CONFLUENT_HEADER_SIZE);
  return out;
}
