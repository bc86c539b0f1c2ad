import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');
const FIXTURES_SUBPATH = path.join('shared', 'fixtures', 'sentry-kafka');

/** `shared/fixtures/sentry-kafka` beside `start` or beside any of its parents. */
function searchUpFrom(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(path.dirname(dir), FIXTURES_SUBPATH);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** A clone made from a local checkout (as CI does) looks beside the checkout it came from. */
function originCheckout(): string | undefined {
  try {
    const url = execFileSync('git', ['-C', repoRoot, 'remote', 'get-url', 'origin'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return path.isAbsolute(url) ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The captured reference messages live in the steering repository's
 * `shared/` folder. FIXTURES_DIR overrides the search. Missing fixtures fail
 * loudly: contract tests must never pass by not running.
 */
export function fixturesDir(): string {
  const override = process.env['FIXTURES_DIR'];
  if (override) return override;
  const origin = originCheckout();
  const found = searchUpFrom(repoRoot) ?? (origin ? searchUpFrom(origin) : undefined);
  if (found) return found;
  throw new Error(`no ${FIXTURES_SUBPATH} beside ${repoRoot}, its origin or any of their parents; set FIXTURES_DIR`);
}

export const fixturePath = (file: string): string => path.join(fixturesDir(), file);
