import * as path from 'node:path';
import { REPO_ROOT } from '../src/tooling/sources';

/** The captured reference messages; override with FIXTURES_DIR. */
export const FIXTURES_DIR =
  process.env['FIXTURES_DIR'] || path.resolve(REPO_ROOT, '../shared/fixtures/sentry-kafka');

/** Deep copy that keeps Buffers as Buffers. */
export function clone<T>(value: T): T {
  if (Buffer.isBuffer(value)) return Buffer.from(value) as T;
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
  }
  return value;
}

/** Runs `fn` and returns what it threw (failing when it did not throw). */
export async function thrown(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
