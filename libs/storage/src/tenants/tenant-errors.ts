/**
 * Errors a caller (the admin CLI, a seeding script) can act on: they name the
 * thing that was wrong. Anything else from the store is a database error.
 */
export class TenantNotFoundError extends Error {
  override readonly name = 'TenantNotFoundError';
}

/** A slug (or key) that must be unique is already taken. */
export class TenantConflictError extends Error {
  override readonly name = 'TenantConflictError';
}

/** Input the store refuses before it reaches Postgres: a bad slug, flag, rate limit or id. */
export class InvalidTenantInputError extends Error {
  override readonly name = 'InvalidTenantInputError';
}
