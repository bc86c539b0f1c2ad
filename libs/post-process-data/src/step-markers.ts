import type { Pool, PoolClient } from 'pg';
import { toSafeId } from '@issuestream/storage';

type Queryable = Pool | PoolClient;

export interface EventKey {
  readonly projectId: number;
  readonly eventId: string;
}

export const eventKey = (key: EventKey): string => `${key.projectId}:${key.eventId}`;

/**
 * Records `step` as done for these events and returns the keys that were not
 * done before. Call it inside the transaction that applies the step: a
 * concurrent transaction claiming the same key waits for this one and then
 * sees the row, so each (project, event, step) is applied once.
 */
export async function claimStep(db: Queryable, step: string, events: readonly EventKey[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const { rows } = await db.query<{ project_id: string; event_id: string }>(
    `INSERT INTO post_process_steps (project_id, event_id, step)
     SELECT p, e, $3 FROM unnest($1::bigint[], $2::char(32)[]) AS k(p, e)
     ON CONFLICT DO NOTHING
     RETURNING project_id::text AS project_id, event_id`,
    [events.map((e) => e.projectId), events.map((e) => e.eventId), step],
  );
  return new Set(rows.map((row) => eventKey({ projectId: toSafeId(row.project_id), eventId: row.event_id })));
}

/** Forgets markers older than `before`: past the eventstream's retention no message can come back. */
export async function purgeStepMarkers(db: Queryable, before: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM post_process_steps WHERE done_at < $1', [before.toISOString()]);
  return rowCount ?? 0;
}
