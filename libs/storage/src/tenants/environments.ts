import { toSafeId } from './tenant-ids';
import type { Queryable } from './tenant-queryable';
import { TenantNotFoundError } from './tenant-errors';
import type { TenantId } from './tenant-types';

/** An environment is a name within an organisation (the same name in two organisations is two rows). */
export interface EnvironmentRef {
  readonly organizationId: TenantId;
  readonly name: string;
}

/** Map key of an environment; unambiguous because the id part holds no `|`. */
export const environmentKey = (ref: EnvironmentRef): string => `${ref.organizationId}|${ref.name}`;

export async function selectEnvironmentIds(
  db: Queryable,
  refs: readonly EnvironmentRef[],
): Promise<Map<string, TenantId>> {
  if (refs.length === 0) return new Map();
  const { rows } = await db.query<{ organization_id: string; name: string; id: string }>(
    `SELECT e.organization_id::text AS organization_id, e.name, e.id::text AS id
       FROM environments e
       JOIN unnest($1::bigint[], $2::text[]) AS w(organization_id, name)
         ON e.organization_id = w.organization_id AND e.name = w.name`,
    [refs.map((r) => r.organizationId), refs.map((r) => r.name)],
  );
  return new Map(
    rows.map((row) => [
      environmentKey({ organizationId: toSafeId(row.organization_id), name: row.name }),
      toSafeId(row.id),
    ]),
  );
}

/**
 * Ids of distinct environments, in order, creating the missing ones: a read,
 * and only for names never seen before an insert and a second read (which,
 * as a new statement, also sees rows a concurrent writer just committed).
 */
export async function ensureEnvironments(
  db: Queryable,
  refs: readonly EnvironmentRef[],
): Promise<TenantId[]> {
  const found = await selectEnvironmentIds(db, refs);
  const missing = refs.filter((ref) => !found.has(environmentKey(ref)));
  if (missing.length > 0) {
    await db.query(
      `INSERT INTO environments (organization_id, name)
       SELECT * FROM unnest($1::bigint[], $2::text[])
       ON CONFLICT (organization_id, name) DO NOTHING`,
      [missing.map((r) => r.organizationId), missing.map((r) => r.name)],
    );
    for (const [key, id] of await selectEnvironmentIds(db, missing)) found.set(key, id);
  }
  return refs.map((ref) => {
    const id = found.get(environmentKey(ref));
    // Only a concurrent delete of the organisation gets here.
    if (id === undefined)
      throw new TenantNotFoundError(
        `Environment "${ref.name}" of organization ${ref.organizationId} vanished while ensuring it`,
      );
    return id;
  });
}
