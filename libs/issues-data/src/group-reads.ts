import type { PoolClient } from 'pg';
import type { GroupFields, GroupRowRecord, StoredGroup } from './group-rows';

type Queryable = Pick<PoolClient, 'query'>;

/** A group as the read side shows it. */
export interface IssueState extends GroupFields {
  id: number;
  resolvedAt: Date | null;
}

interface IssueRecord extends GroupRowRecord {
  message: string;
  platform: string | null;
  resolved_at: Date | null;
}

const ISSUE_COLUMNS = `id, project_id, type, status, substatus, times_seen, first_seen, last_seen, level, title, culprit, message,
  priority, platform, metadata, resolved_at`;

const toIssue = (r: IssueRecord): IssueState => ({
  id: Number(r.id), projectId: Number(r.project_id), type: r.type, status: r.status, substatus: r.substatus,
  timesSeen: Number(r.times_seen), firstSeen: r.first_seen, lastSeen: r.last_seen, level: r.level, title: r.title,
  culprit: r.culprit, message: r.message, priority: r.priority, platform: r.platform, metadata: r.metadata, resolvedAt: r.resolved_at,
});

export interface IssueFilter {
  projectIds: readonly number[];
  types: readonly number[];
  /** Empty: any status. */
  statuses: readonly number[];
}

/**
 * The groups among `ids` that pass the filter, in one query; the order of
 * `ids` is not kept (callers order by their own ranking).
 */
export async function filterIssues(client: Queryable, ids: readonly number[], filter: IssueFilter): Promise<IssueState[]> {
  if (ids.length === 0) return [];
  const { rows } = await client.query<IssueRecord>(
    `SELECT ${ISSUE_COLUMNS} FROM groups
      WHERE id = ANY($1::bigint[]) AND project_id = ANY($2::bigint[]) AND (cardinality($3::int[]) = 0 OR type = ANY($3::int[]))
        AND (cardinality($4::smallint[]) = 0 OR status = ANY($4::smallint[]))`,
    [ids, filter.projectIds, filter.types, filter.statuses],
  );
  return rows.map(toIssue);
}

/**
 * Ids of the groups that pass the filter when there are at most `max` of
 * them, else null: a caller learns whether the filter alone narrows the
 * search to a short list, without fetching a long one to find out.
 */
export async function issueCandidates(client: Queryable, filter: IssueFilter, max: number): Promise<number[] | null> {
  const { rows } = await client.query<{ ids: string[] | null }>(
    `SELECT CASE WHEN count(*) > $4 THEN NULL ELSE coalesce(array_agg(id), '{}') END AS ids
       FROM (SELECT id FROM groups
              WHERE (cardinality($2::int[]) = 0 OR type = ANY($2::int[])) AND status = ANY($3::smallint[]) AND project_id = ANY($1::bigint[])
              LIMIT $4 + 1) AS matching`,
    [filter.projectIds, filter.types, filter.statuses, max],
  );
  const ids = rows[0]?.ids;
  return ids ? ids.map(Number) : null;
}

/** Groups by id, locked for a status change in the caller's transaction. */
export async function lockGroupsById(client: PoolClient, ids: readonly number[]): Promise<StoredGroup[]> {
  if (ids.length === 0) return [];
  const { rows } = await client.query<IssueRecord & { primary_hash: string }>(
    `SELECT ${ISSUE_COLUMNS}, primary_hash FROM groups WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
  return rows.map((r) => ({ ...toIssue(r), primaryHash: r.primary_hash }));
}

/** Which of the groups the viewer has seen. */
export async function seenIssues(client: Queryable, viewerId: number, groupIds: readonly number[]): Promise<Set<number>> {
  if (groupIds.length === 0) return new Set();
  const { rows } = await client.query<{ group_id: string }>(
    'SELECT group_id FROM group_seen WHERE viewer_id = $1 AND group_id = ANY($2::bigint[])',
    [viewerId, groupIds],
  );
  return new Set(rows.map((r) => Number(r.group_id)));
}

/** Marks the groups seen (or not seen) by the viewer; repeating it changes nothing. */
export async function setIssuesSeen(client: Queryable, viewerId: number, groupIds: readonly number[], seen: boolean): Promise<void> {
  if (groupIds.length === 0) return;
  if (seen) {
    await client.query(
      `INSERT INTO group_seen (viewer_id, group_id) SELECT $1, unnest($2::bigint[])
       ON CONFLICT (viewer_id, group_id) DO UPDATE SET last_seen = now()`,
      [viewerId, groupIds],
    );
  } else {
    await client.query('DELETE FROM group_seen WHERE viewer_id = $1 AND group_id = ANY($2::bigint[])', [viewerId, groupIds]);
  }
}
