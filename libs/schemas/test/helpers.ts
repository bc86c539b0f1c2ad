import { fixturesDir } from '@issuestream/testing';

/** The captured reference messages (see fixturesDir in @issuestream/testing). */
export const FIXTURES_DIR = fixturesDir();

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
