import { createHash } from 'node:crypto';

export type HashValue = string | number | null;

// The reference encodes each value as UTF-8 with errors replaced by `?`; in a
// JavaScript string the only unencodable units are lone surrogates.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/** How the reference turns a non-string value into text before hashing (Python's `str`). */
function hashText(value: HashValue): string {
  if (value === null) return 'None';
  return typeof value === 'string' ? value : String(value);
}

/** MD5 over the values in order, no separator, as 32 lowercase hex chars. */
export function hashFromValues(values: Iterable<HashValue>): string {
  const texts: string[] = [];
  for (const value of values) texts.push(hashText(value));
  let joined = texts.join('');
  // Surrogates are rare: one test over the whole text spares one per value.
  // Each value is cleaned on its own (a lone surrogate must not pair with the next value's).
  if (ANY_SURROGATE.test(joined)) joined = texts.map((text) => (ANY_SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '?') : text)).join('');
  return createHash('md5').update(joined, 'utf8').digest('hex');
}
