import type { Pool, PoolClient } from 'pg';
import { toSafeId } from '@issuestream/storage';

type Queryable = Pool | PoolClient;

export interface EventKey {
  readonly projectId: number;
  /** 32 lower-case hex digits. */
  readonly eventId: string;
}

export interface DeferredStep<E> extends EventKey {
  readonly step: string;
  readonly event: E;
  /** Failed attempts so far (the batch's own count as one). */
  readonly attempts: number;
}

/** Parks failed steps for a later retry; a step parked already keeps its attempts and schedule. */
export async function deferSteps(db: Queryable, step: string, items: readonly (EventKey & { event: unknown })[], error: string, nextAttemptAt: Date): Promise<void> {
  if (items.length === 0) return;
  await db.query(
    `INSERT INTO post_process_deferred (project_id, event_id, step, event, next_attempt_at, last_error)
     SELECT p, e, $3, ev, $5, $4 FROM unnest($1::bigint[], $2::char(32)[], $6::jsonb[]) AS d(p, e, ev)
     ON CONFLICT DO NOTHING`,
    [items.map((i) => i.projectId), items.map((i) => i.eventId), step, error, nextAttemptAt.toISOString(), items.map((i) => JSON.stringify(i.event))],
  );
}

/**
 * Up to `limit` parked steps whose retry is due, oldest first, locked for the
 * caller's transaction; rows another instance holds are skipped.
 */
export async function lockDueSteps<E>(db: PoolClient, now: Date, limit: number): Promise<DeferredStep<E>[]> {
  const { rows } = await db.query<{ project_id: string; event_id: string; step: string; event: E; attempts: number }>(
    `SELECT project_id::text AS project_id, event_id, step, event, attempts FROM post_process_deferred
      WHERE next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now.toISOString(), limit],
  );
  return rows.map((row) => ({ projectId: toSafeId(row.project_id), eventId: row.event_id, step: row.step, event: row.event, attempts: row.attempts }));
}

export async function rescheduleStep(db: Queryable, item: EventKey & { step: string }, error: string, nextAttemptAt: Date): Promise<void> {
  await db.query(
    `UPDATE post_process_deferred SET attempts = attempts + 1, last_error = $4, next_attempt_at = $5
      WHERE project_id = $1 AND event_id = $2 AND step = $3`,
    [item.projectId, item.eventId, item.step, error, nextAttemptAt.toISOString()],
  );
}

export async function clearDeferredStep(db: Queryable, item: EventKey & { step: string }): Promise<void> {
  await db.query('DELETE FROM post_process_deferred WHERE project_id = $1 AND event_id = $2 AND step = $3', [item.projectId, item.eventId, item.step]);
}

/** Parked steps per step name (a gauge for operators). */
export async function countDeferredSteps(db: Queryable): Promise<Map<string, number>> {
  const { rows } = await db.query<{ step: string; n: number }>('SELECT step, count(*)::int AS n FROM post_process_deferred GROUP BY step');
  return new Map(rows.map((row) => [row.step, row.n]));
}
