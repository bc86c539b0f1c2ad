import type { Pool, PoolClient } from 'pg';
import type { AppliedMigration, MigrateResult, Migration } from '../migrations/migration';
import { MigrationFailedError } from '../migrations/migration-errors';
import { parseHistoryTableName } from '../migrations/history-table-name';
import {
  migrationChecksum,
  planMigrations,
  validateMigrations,
} from '../migrations/plan-migrations';
import { guardCheckedOutClient } from './guard-checked-out-client';
import { migrationLockKey } from './pg-migration-lock';

export interface PgMigrateOptions {
  /** History table, `table` or `schema.table` (default `schema_migrations`); separate components may keep separate histories. */
  readonly table?: string;
  /**
   * statement_timeout for the migration session in ms (default 0, no limit):
   * index builds may legitimately outlast the pool's everyday timeout, and a
   * process queued behind another one's migrations waits on the lock.
   */
  readonly statementTimeoutMs?: number;
  readonly log?: (message: string) => void;
}

const quoteIdent = (name: string): string => `"${name}"`;

/**
 * Applies pending migrations in version order, each in its own transaction
 * together with its history row, so a migration is either fully applied and
 * recorded or not at all. A session-level advisory lock serialises concurrent
 * callers (several replicas starting at once): the second caller waits, then
 * finds everything recorded and applies nothing.
 */
export async function migrate(
  pool: Pool,
  migrations: readonly Migration[],
  opts: PgMigrateOptions = {},
): Promise<MigrateResult> {
  const sorted = validateMigrations(migrations);
  const tableName = opts.table ?? 'schema_migrations';
  const parsed = parseHistoryTableName(tableName);
  const table = [parsed.schema, parsed.table]
    .filter((p) => p !== undefined)
    .map(quoteIdent)
    .join('.');
  const lockKey = migrationLockKey(tableName);
  const log = opts.log ?? (() => undefined);

  const client = await pool.connect();
  const unguard = guardCheckedOutClient(client);
  try {
    await client.query(
      `SET statement_timeout = ${Math.max(0, Math.floor(opts.statementTimeoutMs ?? 0))}`,
    );
    await client.query('SELECT pg_advisory_lock($1::bigint)', [lockKey]);
    // Created under the lock: concurrent CREATE TABLE IF NOT EXISTS can still
    // collide on the catalog's unique index.
    if (parsed.schema)
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(parsed.schema)}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${table} (
         version bigint PRIMARY KEY,
         name text NOT NULL,
         checksum text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now(),
         execution_ms integer NOT NULL
       )`,
    );
    const recorded = await readHistory(client, table);
    const plan = planMigrations(sorted, recorded, (m) => migrationChecksum(m.up), tableName);
    const applied: AppliedMigration[] = [];
    for (const { migration, checksum } of plan.pending) {
      await applyOne(client, table, migration, checksum);
      log(`applied migration ${migration.version} ${migration.name} (${tableName})`);
      applied.push({ version: migration.version, name: migration.name, checksum });
    }
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [lockKey]);
    await client.query('RESET statement_timeout');
    client.release(unguard());
    return { applied, alreadyApplied: plan.alreadyApplied };
  } catch (err) {
    // Destroy rather than return the session: that releases the advisory lock
    // whatever state the failure left it in, and no borrower inherits the
    // changed statement_timeout or a half-finished transaction.
    unguard();
    client.release(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}

async function readHistory(client: PoolClient, table: string): Promise<AppliedMigration[]> {
  const { rows } = await client.query<{ version: string; name: string; checksum: string }>(
    `SELECT version::text AS version, name, checksum FROM ${table}`,
  );
  return rows.map((r) => ({ version: Number(r.version), name: r.name, checksum: r.checksum }));
}

async function applyOne(
  client: PoolClient,
  table: string,
  migration: Migration,
  checksum: string,
): Promise<void> {
  const started = Date.now();
  try {
    await client.query('BEGIN');
    // No parameters: the simple query protocol accepts several statements in one migration.
    await client.query(migration.up);
    await client.query(
      `INSERT INTO ${table} (version, name, checksum, execution_ms) VALUES ($1, $2, $3, $4)`,
      [migration.version, migration.name, checksum, Date.now() - started],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationFailedError(migration.version, migration.name, err);
  }
}
