import type { Pool } from 'pg';

/** Which of the events have at least one attachment, by `<project id>:<event id>` (one query for a page of events). */
export async function eventsWithAttachments(pool: Pick<Pool, 'query'>, events: readonly { projectId: number; eventId: string }[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const { rows } = await pool.query<{ project_id: string; event_id: string }>(
    `SELECT DISTINCT a.project_id::text AS project_id, a.event_id
       FROM unnest($1::bigint[], $2::char(32)[]) AS k(project_id, event_id)
       JOIN event_attachments a ON a.project_id = k.project_id AND a.event_id = k.event_id`,
    [events.map((e) => e.projectId), events.map((e) => e.eventId)],
  );
  return new Set(rows.map((r) => `${r.project_id}:${r.event_id}`));
}
