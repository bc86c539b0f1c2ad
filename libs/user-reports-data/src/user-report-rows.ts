import type { Pool, PoolClient } from 'pg';
import { toSafeId } from '@issuestream/storage';

type Queryable = Pool | PoolClient;

/** A report to write; `eventId` is the associated event's id as 32 lower-case hex digits. */
export interface NewUserReport {
  readonly projectId: number;
  readonly eventId: string;
  readonly groupId: number | null;
  readonly environmentId: number | null;
  readonly name: string;
  readonly email: string;
  readonly comments: string;
  readonly dateAdded: Date;
}

export interface StoredUserReport extends NewUserReport {
  readonly id: number;
}

/** A user_reports row as selected by REPORT_COLUMNS (bigints as text). */
export interface ReportRow {
  id: string;
  project_id: string;
  group_id: string | null;
  event_id: string;
  environment_id: string | null;
  name: string;
  email: string;
  comments: string;
  date_added: Date;
}

const REPORT_COLUMNS = `id::text AS id, project_id::text AS project_id, group_id::text AS group_id, event_id,
  environment_id::text AS environment_id, name, email, comments, date_added`;

const optionalId = (raw: string | null): number | null => (raw === null ? null : toSafeId(raw));

function toStoredReport(row: ReportRow): StoredUserReport {
  return {
    id: toSafeId(row.id),
    projectId: toSafeId(row.project_id),
    groupId: optionalId(row.group_id),
    eventId: row.event_id,
    environmentId: optionalId(row.environment_id),
    name: row.name,
    email: row.email,
    comments: row.comments,
    dateAdded: row.date_added,
  };
}

export const reportKey = (projectId: number, eventId: string): string => `${projectId}:${eventId}`;

/**
 * Inserts reports whose (project, event) keys are distinct. A key that exists
 * already is overwritten (name, email, comments; date_added kept) only when
 * the existing row was added at or after `overwriteAddedSince` and its
 * contents differ; otherwise it is left alone and absent from the result.
 * Returns what was written, by key.
 */
export async function upsertReports(
  db: Queryable,
  reports: readonly NewUserReport[],
  overwriteAddedSince: Date,
): Promise<Map<string, { id: number; inserted: boolean }>> {
  const { rows } = await db.query<{
    id: string;
    project_id: string;
    event_id: string;
    inserted: boolean;
  }>(
    `INSERT INTO user_reports AS r (project_id, group_id, event_id, environment_id, name, email, comments, date_added)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
     ON CONFLICT (project_id, event_id) DO UPDATE
        SET name = excluded.name, email = excluded.email, comments = excluded.comments
      WHERE r.date_added >= $9
        AND (r.name, r.email, r.comments) IS DISTINCT FROM (excluded.name, excluded.email, excluded.comments)
     RETURNING r.id::text AS id, r.project_id::text AS project_id, r.event_id, (r.xmax = 0) AS inserted`,
    [
      reports.map((r) => r.projectId),
      reports.map((r) => r.groupId),
      reports.map((r) => r.eventId),
      reports.map((r) => r.environmentId),
      reports.map((r) => r.name),
      reports.map((r) => r.email),
      reports.map((r) => r.comments),
      reports.map((r) => r.dateAdded.toISOString()),
      overwriteAddedSince.toISOString(),
    ],
  );
  // xmax is 0 on a row version this statement created, and set on one it updated.
  return new Map(
    rows.map((row) => [
      reportKey(toSafeId(row.project_id), row.event_id),
      { id: toSafeId(row.id), inserted: row.inserted },
    ]),
  );
}

/** Stored reports for (project, event) pairs, by key. */
export async function selectReportsByKey(
  db: Queryable,
  keys: readonly { projectId: number; eventId: string }[],
): Promise<Map<string, StoredUserReport>> {
  if (keys.length === 0) return new Map();
  const { rows } = await db.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM user_reports
      WHERE (project_id, event_id) IN (SELECT * FROM unnest($1::bigint[], $2::char(32)[]))`,
    [keys.map((k) => k.projectId), keys.map((k) => k.eventId)],
  );
  return new Map(
    rows.map((row) => {
      const report = toStoredReport(row);
      return [reportKey(report.projectId, report.eventId), report];
    }),
  );
}
