import type { PoolClient } from 'pg';

export interface StoredGroup {
  id: number;
  projectId: number;
  type: number;
  primaryHash: string;
  status: number;
  substatus: number | null;
  timesSeen: number;
  firstSeen: Date;
  lastSeen: Date;
  level: number | null;
  title: string;
  culprit: string;
  priority: number | null;
  metadata: Record<string, unknown>;
}

export interface NewGroup {
  projectId: number;
  type: number;
  primaryHash: string;
  status: number;
  substatus: number | null;
  timesSeen: number;
  firstSeen: Date;
  lastSeen: Date;
  level: number | null;
  title: string;
  culprit: string;
  message: string;
  priority: number | null;
  platform: string | null;
  metadata: Record<string, unknown>;
}

/** Everything an existing group takes from a batch's later occurrences. */
export interface GroupUpdate {
  id: number;
  addTimesSeen: number;
  firstSeen: Date;
  lastSeen: Date;
  level: number | null;
  culprit: string;
  priority: number | null;
  metadata: Record<string, unknown>;
  status: number;
  substatus: number | null;
}

export interface GroupStatusChange {
  id: number;
  status: number;
  substatus: number | null;
}

export const hashKey = (projectId: number, hash: string): string => `${projectId}:${hash}`;

const GROUP_COLUMNS = `g.id, g.project_id, g.type, g.primary_hash, g.status, g.substatus, g.times_seen,
  g.first_seen, g.last_seen, g.level, g.title, g.culprit, g.priority, g.metadata`;

interface GroupRecord {
  id: string;
  project_id: string;
  type: number;
  primary_hash: string;
  status: number;
  substatus: number | null;
  times_seen: string;
  first_seen: Date;
  last_seen: Date;
  level: number | null;
  title: string;
  culprit: string;
  priority: number | null;
  metadata: Record<string, unknown>;
}

function toGroup(row: GroupRecord): StoredGroup {
  return {
    id: Number(row.id),
    projectId: Number(row.project_id),
    type: row.type,
    primaryHash: row.primary_hash,
    status: row.status,
    substatus: row.substatus,
    timesSeen: Number(row.times_seen),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    level: row.level,
    title: row.title,
    culprit: row.culprit,
    priority: row.priority,
    metadata: row.metadata,
  };
}

/**
 * Groups by (project, hash) for a whole batch in one query, locking the
 * group rows so concurrent consumers update them one after another. A hash
 * with no group maps to null (the reference leaves such hashes alone).
 * The hashes are passed as char(32), the column's type: compared as text,
 * the primary key could match only the project and each lookup read all of
 * a project's hashes.
 */
export async function findGroupsByHash(
  client: PoolClient,
  keys: readonly { projectId: number; hash: string }[],
): Promise<Map<string, StoredGroup | null>> {
  const found = new Map<string, StoredGroup | null>();
  if (keys.length === 0) return found;
  const { rows } = await client.query<GroupRecord & { hash: string; hash_project_id: string }>(
    `SELECT h.hash, h.project_id AS hash_project_id, ${GROUP_COLUMNS}
       FROM unnest($1::bigint[], $2::char(32)[]) AS k(project_id, hash)
       JOIN group_hashes h ON h.project_id = k.project_id AND h.hash = k.hash
       LEFT JOIN groups g ON g.id = h.group_id
      ORDER BY g.id
        FOR UPDATE OF h`,
    [keys.map((k) => k.projectId), keys.map((k) => k.hash)],
  );
  for (const row of rows) {
    found.set(hashKey(Number(row.hash_project_id), row.hash), row.id === null ? null : toGroup(row));
  }
  return found;
}

/**
 * Creates groups and their primary hashes. A hash another transaction
 * claimed first is reported in `lost` so the caller treats it as existing.
 */
export async function createGroups(
  client: PoolClient,
  groups: readonly NewGroup[],
): Promise<{ created: StoredGroup[]; lost: { projectId: number; hash: string }[] }> {
  if (groups.length === 0) return { created: [], lost: [] };
  const claimed = await client.query<{ project_id: string; hash: string }>(
    `INSERT INTO group_hashes (project_id, hash)
     SELECT * FROM unnest($1::bigint[], $2::text[])
     ON CONFLICT DO NOTHING
     RETURNING project_id, hash`,
    [groups.map((g) => g.projectId), groups.map((g) => g.primaryHash)],
  );
  const won = new Set(claimed.rows.map((r) => hashKey(Number(r.project_id), r.hash)));
  const toCreate = groups.filter((g) => won.has(hashKey(g.projectId, g.primaryHash)));
  const lost = groups.filter((g) => !won.has(hashKey(g.projectId, g.primaryHash))).map((g) => ({ projectId: g.projectId, hash: g.primaryHash }));
  if (toCreate.length === 0) return { created: [], lost };
  const column = <K extends keyof NewGroup>(key: K) => toCreate.map((g) => g[key]);
  const { rows } = await client.query<GroupRecord>(
    `WITH created AS (
       INSERT INTO groups (project_id, type, primary_hash, status, substatus, times_seen, first_seen, last_seen,
                           level, title, culprit, message, priority, platform, metadata)
       SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::smallint[], $5::smallint[], $6::bigint[],
                            $7::timestamptz[], $8::timestamptz[], $9::smallint[], $10::text[], $11::text[], $12::text[],
                            $13::smallint[], $14::text[], $15::jsonb[])
       RETURNING *),
     linked AS (
       UPDATE group_hashes h SET group_id = created.id FROM created
        WHERE h.project_id = created.project_id AND h.hash = created.primary_hash)
     SELECT ${GROUP_COLUMNS} FROM created g`,
    [
      column('projectId'), column('type'), column('primaryHash'), column('status'), column('substatus'),
      column('timesSeen'), column('firstSeen'), column('lastSeen'), column('level'), column('title'),
      column('culprit'), column('message'), column('priority'), column('platform'),
      toCreate.map((g) => JSON.stringify(g.metadata)),
    ],
  );
  return { created: rows.map(toGroup), lost };
}

/** Applies a batch's updates to existing groups in one statement. */
export async function updateGroups(client: PoolClient, updates: readonly GroupUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const column = <K extends keyof GroupUpdate>(key: K) => updates.map((u) => u[key]);
  await client.query(
    `UPDATE groups g SET
        times_seen = g.times_seen + u.add_times_seen,
        first_seen = least(g.first_seen, u.first_seen),
        last_seen = greatest(g.last_seen, u.last_seen),
        level = u.level,
        culprit = u.culprit,
        priority = u.priority,
        metadata = g.metadata || u.metadata,
        status = u.status,
        substatus = u.substatus,
        resolved_at = CASE WHEN u.status = 1 THEN g.resolved_at ELSE NULL END,
        updated_at = now()
       FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::smallint[], $6::text[],
                   $7::smallint[], $8::jsonb[], $9::smallint[], $10::smallint[])
         AS u(id, add_times_seen, first_seen, last_seen, level, culprit, priority, metadata, status, substatus)
      WHERE g.id = u.id`,
    [
      column('id'), column('addTimesSeen'), column('firstSeen'), column('lastSeen'), column('level'), column('culprit'),
      column('priority'), updates.map((u) => JSON.stringify(u.metadata)), column('status'), column('substatus'),
    ],
  );
}

/** Status changes decided by the caller (already validated against the allowed transitions). */
export async function setGroupStatuses(client: PoolClient, changes: readonly GroupStatusChange[]): Promise<void> {
  if (changes.length === 0) return;
  await client.query(
    `UPDATE groups g SET status = c.status, substatus = c.substatus,
            resolved_at = CASE WHEN c.status = 1 THEN now() ELSE NULL END, updated_at = now()
       FROM unnest($1::bigint[], $2::smallint[], $3::smallint[]) AS c(id, status, substatus)
      WHERE g.id = c.id`,
    [changes.map((c) => c.id), changes.map((c) => c.status), changes.map((c) => c.substatus)],
  );
}
