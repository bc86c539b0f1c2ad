import { createHash } from 'node:crypto';

export type HashValue = string | number | null;

// The reference encodes each value as UTF-8 with errors replaced by `?`; in a
// JavaScript string the only unencodable units are lone surrogates.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** How the reference turns a non-string value into text before hashing (Python's `str`). */
export function hashText(value: HashValue): string {
  if (value === null) return 'None';
  return typeof value === 'string' ? value : String(value);
}

/** MD5 over the values in order, no separator, as 32 lowercase hex chars. */
export function hashFromValues(values: Iterable<HashValue>): string {
  const md5 = createHash('md5');
  for (const value of values) md5.update(Buffer.from(hashText(value).replace(LONE_SURROGATE, '?'), 'utf8'));
  return md5.digest('hex');
}
