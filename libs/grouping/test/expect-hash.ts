import { createHash } from 'node:crypto';
import type { GroupingResult, GroupingVariant } from '../src';

/**
 * The reference's hash, computed here on its own terms: MD5 of the UTF-8 bytes
 * of the contributing values, one after the other, nothing in between. Tests
 * use this instead of the library's hashing so that a hashing bug cannot hide.
 */
export function md5OfValues(values: readonly string[]): string {
  const md5 = createHash('md5');
  for (const value of values) md5.update(value, 'utf8');
  return md5.digest('hex');
}

export function variantNamed(result: GroupingResult, name: GroupingVariant['name']): GroupingVariant {
  const variant = result.variants.find((candidate) => candidate.name === name);
  if (!variant) throw new Error(`no ${name} variant in ${result.variants.map((v) => v.name).join(', ')}`);
  return variant;
}

/** The contributing values of a variant (empty when it does not contribute). */
export function valuesOf(result: GroupingResult, name: GroupingVariant['name']): string[] {
  return variantNamed(result, name).values.map(String);
}
