import type { PoolClient } from 'pg';

/** A group as the write side keeps it (it never reads the message or platform back). */
export interface StoredGroup extends Omit<GroupFields, 'message' | 'platform'> {
  id: number;
  primaryHash: string;
}

/** A group's own fields, as both the write and the read side carry them. */
export interface GroupFields {
  projectId: number;
  type: number;
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

export interface NewGroup extends GroupFields {
  primaryHash: string;
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

/** The columns of a groups row that every reader selects, as `pg` returns them (bigint as text). */
export interface GroupRowRecord {
  id: string;
  project_id: string;
  type: number;
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

interface GroupRecord extends GroupRowRecord {
  primary_hash: string;
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
 * Creates groups and their primary hashes in one statement. A hash another
 * transaction claimed first is reported in `lost` so the caller treats it as
 * existing. Group ids are drawn from the groups sequence up front so each
 * hash row is written once, already pointing at its group (a later UPDATE
 * would write every hash row and its index entry twice). The batch travels
 * as one JSON array: fifteen array parameters cost the driver an escaping
 * pass per value. Only the new ids come back; the rest of each stored group
 * is what the caller sent.
 */
export async function createGroups(
  client: PoolClient,
  groups: readonly NewGroup[],
): Promise<{ created: StoredGroup[]; lost: { projectId: number; hash: string }[] }> {
  if (groups.length === 0) return { created: [], lost: [] };
  const { rows } = await client.query<{ id: string; project_id: string; primary_hash: string }>(
    `WITH input AS (
       SELECT * FROM json_to_recordset($1::json) AS g(
         project_id bigint, type int, primary_hash text, status smallint, substatus smallint, times_seen bigint,
         first_seen_ms float8, last_seen_ms float8, level smallint, title text, culprit text, message text,
         priority smallint, platform text, metadata jsonb)),
     claimed AS (
       INSERT INTO group_hashes (project_id, hash, group_id)
       SELECT project_id, primary_hash, nextval('groups_id_seq') FROM input
       ON CONFLICT DO NOTHING
       RETURNING project_id, hash, group_id)
     INSERT INTO groups (id, project_id, type, primary_hash, status, substatus, times_seen, first_seen, last_seen,
                         level, title, culprit, message, priority, platform, metadata)
     SELECT c.group_id, i.project_id, i.type, i.primary_hash, i.status, i.substatus, i.times_seen,
            to_timestamp(i.first_seen_ms / 1000), to_timestamp(i.last_seen_ms / 1000),
            i.level, i.title, i.culprit, i.message, i.priority, i.platform, i.metadata
       FROM claimed c JOIN input i ON i.project_id = c.project_id AND i.primary_hash = c.hash
     RETURNING id, project_id, primary_hash`,
    [JSON.stringify([...groups].sort(byHashKey).map(groupRecord))],
  );
  const ids = new Map(rows.map((r) => [hashKey(Number(r.project_id), r.primary_hash), Number(r.id)]));
  const created: StoredGroup[] = [];
  const lost: { projectId: number; hash: string }[] = [];
  for (const group of groups) {
    const id = ids.get(hashKey(group.projectId, group.primaryHash));
    if (id === undefined) lost.push({ projectId: group.projectId, hash: group.primaryHash });
    else created.push(storedGroup(id, group));
  }
  return { created, lost };
}

/**
 * Rows are written in key order so that concurrent batches lock the rows
 * they share in the same order and wait for each other instead of
 * deadlocking (which made both retry).
 */
const byHashKey = (a: { projectId: number; primaryHash: string }, b: { projectId: number; primaryHash: string }) =>
  a.projectId - b.projectId || (a.primaryHash < b.primaryHash ? -1 : a.primaryHash > b.primaryHash ? 1 : 0);

/**
 * A new group as the snake_case record json_to_recordset reads. Times go as epoch milliseconds: a Date
 * makes JSON.stringify call its toJSON, which cost more than the rest of the record, and Postgres then
 * parsed the ISO text again.
 */
function groupRecord(g: NewGroup): Record<string, unknown> {
  return {
    project_id: g.projectId, type: g.type, primary_hash: g.primaryHash, status: g.status, substatus: g.substatus,
    times_seen: g.timesSeen, first_seen_ms: g.firstSeen.getTime(), last_seen_ms: g.lastSeen.getTime(), level: g.level, title: g.title,
    culprit: g.culprit, message: g.message, priority: g.priority, platform: g.platform, metadata: g.metadata,
  };
}

function storedGroup(id: number, g: NewGroup): StoredGroup {
  return {
    id, projectId: g.projectId, type: g.type, primaryHash: g.primaryHash, status: g.status, substatus: g.substatus,
    timesSeen: g.timesSeen, firstSeen: g.firstSeen, lastSeen: g.lastSeen, level: g.level, title: g.title,
    culprit: g.culprit, priority: g.priority, metadata: g.metadata,
  };
}

/** Applies a batch's updates to existing groups in one statement. */
export async function updateGroups(client: PoolClient, updates: readonly GroupUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  // In id order, so that concurrent batches lock shared groups in the same order (no deadlock).
  const sorted = [...updates].sort((a, b) => a.id - b.id);
  const column = <K extends keyof GroupUpdate>(key: K) => sorted.map((u) => u[key]);
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
      column('priority'), sorted.map((u) => JSON.stringify(u.metadata)), column('status'), column('substatus'),
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
