import { InvalidTenantInputError } from './tenant-errors';
import type { RateLimit } from './tenant-types';

// Same pattern as the CHECK constraints in tenant-migrations.ts; checking in
// code too gives the caller a sentence instead of a constraint name.
const SLUG = /^[a-z0-9][a-z0-9_-]{0,49}$/;
const PLATFORM = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const MAX_INT4 = 2_147_483_647;

export function assertSlug(slug: string, what: 'organization' | 'project'): void {
  if (!SLUG.test(slug)) {
    throw new InvalidTenantInputError(
      `Invalid ${what} slug "${slug}": use 1–50 lower-case letters, digits, '-' or '_', starting with a letter or digit`,
    );
  }
}

export function assertPlatform(platform: string): void {
  if (!PLATFORM.test(platform)) {
    throw new InvalidTenantInputError(
      `Invalid platform "${platform}": use lower-case letters, digits, '.', '-' or '_' (e.g. javascript, python)`,
    );
  }
}

export function assertRateLimit(limit: RateLimit): void {
  const ok = (n: number) => Number.isInteger(n) && n > 0 && n <= MAX_INT4;
  if (!ok(limit.count) || !ok(limit.windowSeconds)) {
    throw new InvalidTenantInputError(
      `Invalid rate limit ${limit.count}/${limit.windowSeconds}: count and window (seconds) must be positive integers`,
    );
  }
}

/** Parses the CLI's `<count>/<window seconds>` form, e.g. `100/60`. */
export function parseRateLimit(text: string): RateLimit {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) {
    throw new InvalidTenantInputError(
      `Invalid rate limit "${text}": expected <count>/<window seconds>, e.g. 100/60`,
    );
  }
  const limit = { count: Number(match[1]), windowSeconds: Number(match[2]) };
  assertRateLimit(limit);
  return limit;
}
