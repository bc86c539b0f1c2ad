/** The migration list itself is malformed (duplicate or invalid versions, empty names). */
export class InvalidMigrationListError extends Error {
  override readonly name = 'InvalidMigrationListError';
}

/**
 * A migration that was already applied no longer matches what the code ships.
 * Refusing is deliberate: re-running or skipping an edited migration would
 * leave environments with different schemas under the same version number.
 * Ship the change as a new migration instead.
 */
export class MigrationChangedError extends Error {
  override readonly name = 'MigrationChangedError';
  constructor(
    readonly version: number,
    readonly recorded: { name: string; checksum: string },
    readonly shipped: { name: string; checksum: string },
    table: string,
  ) {
    super(
      `Migration ${version} recorded in ${table} as "${recorded.name}" (checksum ${recorded.checksum.slice(0, 12)}) ` +
        `differs from the shipped "${shipped.name}" (checksum ${shipped.checksum.slice(0, 12)}). ` +
        'Applied migrations must never be edited; add a new migration with a higher version instead.',
    );
  }
}

/** Applying one migration failed; its transaction (Postgres) was rolled back. */
export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
  constructor(
    readonly version: number,
    readonly migrationName: string,
    cause: unknown,
  ) {
    super(
      `Migration ${version} "${migrationName}" failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}
