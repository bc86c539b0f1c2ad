import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../src/tooling/sources';

const FIXTURES_SUBPATH = path.join('shared', 'fixtures', 'sentry-kafka');

/**
 * The captured reference messages live in the steering repository's
 * `shared/` folder, a sibling of this checkout or of one of its ancestors
 * (developer checkouts and CI clones sit at different depths). FIXTURES_DIR
 * overrides the search. Missing fixtures fail loudly: contract tests must
 * never pass by not running.
 */
function findFixtures(): string {
  const override = process.env['FIXTURES_DIR'];
  if (override) return override;
  for (let dir = REPO_ROOT; ; dir = path.dirname(dir)) {
    const candidate = path.join(path.dirname(dir), FIXTURES_SUBPATH);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`no ${FIXTURES_SUBPATH} beside ${REPO_ROOT} or any of its parents; set FIXTURES_DIR`);
}

export const FIXTURES_DIR = findFixtures();

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
