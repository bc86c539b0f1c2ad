import type { ClickHouseClient } from '@clickhouse/client';
import type { AppliedMigration, MigrateResult } from '../migrations/migration';
import { MigrationFailedError } from '../migrations/migration-errors';
import { parseHistoryTableName } from '../migrations/history-table-name';
import {
  migrationChecksum,
  planMigrations,
  validateMigrations,
} from '../migrations/plan-migrations';
import { quoteClickHouseIdentifier } from './clickhouse-identifier';

/**
 * A ClickHouse migration. A server's HTTP interface runs one statement per
 * request, so several statements are given as an array rather than joined
 * with semicolons.
 */
export interface ClickHouseMigration {
  readonly version: number;
  readonly name: string;
  readonly up: string | readonly string[];
}

export interface ClickHouseMigrateOptions {
  /** History table, `table` or `database.table`, in the client's database by default (default `schema_migrations`). */
  readonly table?: string;
  readonly log?: (message: string) => void;
}

const statementsOf = (m: ClickHouseMigration): readonly string[] =>
  typeof m.up === 'string' ? [m.up] : m.up;

/**
 * Applies pending ClickHouse migrations in version order and records them in
 * a ReplacingMergeTree history table. ClickHouse has neither transactions nor
 * advisory locks, so the contract is different from Postgres: every statement
 * must be safe to run again (CREATE … IF NOT EXISTS, ADD COLUMN IF NOT EXISTS,
 * …). A migration interrupted halfway, or run by two processes at once, is
 * then simply re-applied, and duplicate history rows collapse on `FINAL`.
 */
export async function migrateClickHouse(
  client: ClickHouseClient,
  migrations: readonly ClickHouseMigration[],
  opts: ClickHouseMigrateOptions = {},
): Promise<MigrateResult> {
  const sorted = validateMigrations(migrations);
  const tableName = opts.table ?? 'schema_migrations';
  const parsed = parseHistoryTableName(tableName);
  const table = [parsed.schema, parsed.table]
    .filter((p): p is string => p !== undefined)
    .map((p) => quoteClickHouseIdentifier(p))
    .join('.');
  const log = opts.log ?? (() => undefined);

  if (parsed.schema)
    await client.command({
      query: `CREATE DATABASE IF NOT EXISTS ${quoteClickHouseIdentifier(parsed.schema)}`,
    });
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS ${table} (
      version UInt32,
      name String,
      checksum String,
      applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
    ) ENGINE = ReplacingMergeTree(applied_at) ORDER BY version`,
  });
  const recorded = await (
    await client.query({
      query: `SELECT version, name, checksum FROM ${table} FINAL`,
      format: 'JSONEachRow',
    })
  ).json<AppliedMigration>();

  const plan = planMigrations(
    sorted,
    recorded,
    (m) => migrationChecksum(statementsOf(m).join('\n;\n')),
    tableName,
  );
  const applied: AppliedMigration[] = [];
  for (const { migration, checksum } of plan.pending) {
    try {
      for (const statement of statementsOf(migration)) await client.command({ query: statement });
      await client.command({
        query: `INSERT INTO ${table} (version, name, checksum) SELECT {version:UInt32}, {name:String}, {checksum:String}`,
        query_params: { version: migration.version, name: migration.name, checksum },
      });
    } catch (err) {
      throw new MigrationFailedError(migration.version, migration.name, err);
    }
    log(`applied ClickHouse migration ${migration.version} ${migration.name} (${tableName})`);
    applied.push({ version: migration.version, name: migration.name, checksum });
  }
  return { applied, alreadyApplied: plan.alreadyApplied };
}
