/**
 * A schema change shipped by a consumer library. `version` orders migrations
 * and is the identity that gets recorded; `name` and the checksum of `up` are
 * recorded too so an edited, already-applied migration is caught at start-up
 * instead of silently diverging between environments.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string;
}

/** What a runner recorded for one applied migration. */
export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
}

export interface MigrateResult {
  /** Migrations applied by this call, in the order they ran. */
  readonly applied: readonly AppliedMigration[];
  /** Versions that were already recorded before this call. */
  readonly alreadyApplied: readonly number[];
}
