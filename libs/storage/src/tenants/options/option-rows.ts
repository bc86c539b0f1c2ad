import { toSafeId } from '../tenant-ids';
import type { Queryable } from '../tenant-queryable';
import type { TenantId } from '../tenant-types';
import { OPTION_TABLES, type OwnedOptionScope } from './option-tables';

/** Stored values of one option for many owners; owners without a row are absent. */
export async function selectOwnedOptionValues(
  db: Queryable,
  scope: OwnedOptionScope,
  ownerIds: readonly TenantId[],
  key: string,
): Promise<Map<TenantId, unknown>> {
  const { table, owner } = OPTION_TABLES[scope];
  const { rows } = await db.query<{ owner_id: string; value: unknown }>(
    `SELECT ${owner}::text AS owner_id, value FROM ${table}
      WHERE ${owner} = ANY($1::bigint[]) AND key = $2`,
    [ownerIds, key],
  );
  return new Map(rows.map((row) => [toSafeId(row.owner_id), row.value]));
}

/** The stored value of a global option, or `undefined` when none is stored. */
export async function selectGlobalOptionValue(db: Queryable, key: string): Promise<unknown> {
  const { rows } = await db.query<{ value: unknown }>(
    'SELECT value FROM global_options WHERE key = $1',
    [key],
  );
  return rows[0]?.value;
}

export async function upsertOwnedOptionValue(
  db: Queryable,
  scope: OwnedOptionScope,
  ownerId: TenantId,
  key: string,
  value: unknown,
): Promise<void> {
  const { table, owner } = OPTION_TABLES[scope];
  // Stringified: pg would send a JS array as a Postgres array, not JSON.
  await db.query(
    `INSERT INTO ${table} (${owner}, key, value) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (${owner}, key) DO UPDATE SET value = EXCLUDED.value`,
    [ownerId, key, JSON.stringify(value)],
  );
}

export async function upsertGlobalOptionValue(
  db: Queryable,
  key: string,
  value: unknown,
): Promise<void> {
  await db.query(
    `INSERT INTO global_options (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [key, JSON.stringify(value)],
  );
}
