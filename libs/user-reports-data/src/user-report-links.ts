import type { Pool, PoolClient } from 'pg';
import { toSafeId } from '@issuestream/storage';
import { reportKey, type ReportRow } from './user-report-rows';

type Queryable = Pool | PoolClient;

export interface ReportEventKey {
  readonly projectId: number;
  /** 32 lower-case hex digits. */
  readonly eventId: string;
}

/** A report not linked to its event's issue yet, as linking reads it. */
export interface UnlinkedReport extends ReportEventKey {
  readonly id: number;
  /** Null for a report from a user-report source; set for one made from new-style feedback (never shimmed back). */
  readonly environmentId: number | null;
  readonly name: string;
  readonly email: string;
  readonly comments: string;
  readonly dateAdded: Date;
}

export interface ReportLink {
  readonly id: number;
  readonly groupId: number;
  readonly environmentId: number | null;
}

type UnlinkedRow = Omit<ReportRow, 'group_id'>;

const UNLINKED_COLUMNS = `id::text AS id, project_id::text AS project_id, event_id, environment_id::text AS environment_id, name, email, comments, date_added`;

const toUnlinked = (row: UnlinkedRow): UnlinkedReport => ({
  id: toSafeId(row.id),
  projectId: toSafeId(row.project_id),
  eventId: row.event_id,
  environmentId: row.environment_id === null ? null : toSafeId(row.environment_id),
  name: row.name,
  email: row.email,
  comments: row.comments,
  dateAdded: row.date_added,
});

const keyArrays = (keys: readonly ReportEventKey[]) => [keys.map((k) => k.projectId), keys.map((k) => k.eventId)];

/** Which of these (project, event) keys have a report without an issue, by `reportKey`; no lock (a cheap first look). */
export async function keysWithUnlinkedReports(db: Queryable, keys: readonly ReportEventKey[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await db.query<{ project_id: string; event_id: string }>(
    `SELECT r.project_id::text AS project_id, r.event_id FROM user_reports r
       JOIN unnest($1::bigint[], $2::char(32)[]) AS k(project_id, event_id) ON r.project_id = k.project_id AND r.event_id = k.event_id
      WHERE r.group_id IS NULL`,
    keyArrays(keys),
  );
  return new Set(rows.map((row) => reportKey(toSafeId(row.project_id), row.event_id)));
}

/**
 * The reports of these (project, event) keys that have no issue yet, locked
 * until the caller's transaction ends. A concurrent linker waits on the lock
 * and then no longer selects a row this one linked: a report is linked (and
 * shimmed) once.
 */
export async function lockUnlinkedReports(client: PoolClient, keys: readonly ReportEventKey[]): Promise<UnlinkedReport[]> {
  if (keys.length === 0) return [];
  const { rows } = await client.query<UnlinkedRow>(
    `SELECT ${UNLINKED_COLUMNS} FROM user_reports
      WHERE (project_id, event_id) IN (SELECT * FROM unnest($1::bigint[], $2::char(32)[])) AND group_id IS NULL
      ORDER BY id FOR UPDATE`,
    keyArrays(keys),
  );
  return rows.map(toUnlinked);
}

/** Gives reports their event's issue and environment, one statement for the batch. */
export async function linkReports(db: Queryable, links: readonly ReportLink[]): Promise<number> {
  if (links.length === 0) return 0;
  const { rowCount } = await db.query(
    `UPDATE user_reports r SET group_id = l.group_id, environment_id = l.environment_id
       FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS l(id, group_id, environment_id)
      WHERE r.id = l.id`,
    [links.map((l) => l.id), links.map((l) => l.groupId), links.map((l) => l.environmentId)],
  );
  return rowCount ?? 0;
}

/** Moves every report of these events to the (reprocessed) event's issue and environment, linked or not. */
export async function relinkReports(db: Queryable, links: readonly (ReportEventKey & { groupId: number; environmentId: number | null })[]): Promise<number> {
  if (links.length === 0) return 0;
  const { rowCount } = await db.query(
    `UPDATE user_reports r SET group_id = l.group_id, environment_id = l.environment_id
       FROM unnest($1::bigint[], $2::char(32)[], $3::bigint[], $4::bigint[]) AS l(project_id, event_id, group_id, environment_id)
      WHERE r.project_id = l.project_id AND r.event_id = l.event_id
        AND (r.group_id, r.environment_id) IS DISTINCT FROM (l.group_id, l.environment_id)`,
    [...keyArrays(links), links.map((l) => l.groupId), links.map((l) => l.environmentId)],
  );
  return rowCount ?? 0;
}

/**
 * Reports without an issue added in [from, to], oldest first, at most
 * `limit` after `afterId` (pages by id): what the update_user_reports job
 * looks for events of.
 */
export async function unlinkedReportsAddedBetween(db: Queryable, window: { from: Date; to: Date }, page: { afterId: number; limit: number }): Promise<UnlinkedReport[]> {
  const { rows } = await db.query<UnlinkedRow>(
    `SELECT ${UNLINKED_COLUMNS} FROM user_reports
      WHERE group_id IS NULL AND date_added >= $1 AND date_added <= $2 AND id > $3
      ORDER BY id LIMIT $4`,
    [window.from.toISOString(), window.to.toISOString(), page.afterId, page.limit],
  );
  return rows.map(toUnlinked);
}
