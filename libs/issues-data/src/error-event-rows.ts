import type { PoolClient } from 'pg';
import { eventNodeId } from './node-ids';

/** What the eventstream said about an event, kept with its dedupe row. */
export interface ErrorEventRecord {
  projectId: number;
  /** 32 lower-case hex. */
  eventId: string;
  groupId: number;
  primaryHash: string;
  isNew: boolean;
  isRegression: boolean;
  isNewGroupEnvironment: boolean;
  /** The event's own timestamp. */
  occurredAt: Date;
  /** '' when the event names none. */
  environment: string;
}

export interface StoredErrorEvent extends Omit<ErrorEventRecord, 'occurredAt' | 'environment'> {
  /** The eventstream message was produced (false: the process stopped between commit and produce). */
  streamed: boolean;
}

type EventKey = Pick<ErrorEventRecord, 'projectId' | 'eventId'>;

export const eventKey = (projectId: number, eventId: string): string => `${projectId}:${eventId}`;

/** The batch's events some earlier, committed batch stored, by `eventKey`. */
export async function storedErrorEvents(client: Pick<PoolClient, 'query'>, keys: readonly EventKey[]): Promise<Map<string, StoredErrorEvent>> {
  if (keys.length === 0) return new Map();
  const { rows } = await client.query<{
    project_id: string; event_id: string; group_id: string; primary_hash: string;
    is_new: boolean; is_regression: boolean; is_new_group_environment: boolean; streamed: boolean;
  }>(
    `SELECT e.project_id, e.event_id, e.group_id, e.primary_hash, e.is_new, e.is_regression, e.is_new_group_environment, e.streamed
       FROM unnest($1::bigint[], $2::char(32)[]) AS k(project_id, event_id)
       JOIN error_events e ON e.project_id = k.project_id AND e.event_id = k.event_id`,
    [keys.map((k) => k.projectId), keys.map((k) => k.eventId)],
  );
  return new Map(rows.map((r) => [eventKey(Number(r.project_id), r.event_id), {
    projectId: Number(r.project_id), eventId: r.event_id, groupId: Number(r.group_id), primaryHash: r.primary_hash,
    isNew: r.is_new, isRegression: r.is_regression, isNewGroupEnvironment: r.is_new_group_environment, streamed: r.streamed,
  }]));
}

/**
 * Records the batch's events in one insert, inside the batch's transaction.
 * Returns the keys a concurrent transaction recorded since
 * `storedErrorEvents` looked; the caller rolls back and retries.
 */
export async function recordErrorEvents(client: PoolClient, records: readonly ErrorEventRecord[]): Promise<string[]> {
  if (records.length === 0) return [];
  const { rows } = await client.query<{ project_id: string; event_id: string }>(
    `INSERT INTO error_events (project_id, event_id, group_id, primary_hash, is_new, is_regression, is_new_group_environment, occurred_at, environment)
     SELECT * FROM json_to_recordset($1::json) AS e(project_id bigint, event_id char(32), group_id bigint, primary_hash char(32),
                                                   is_new boolean, is_regression boolean, is_new_group_environment boolean,
                                                   occurred_at timestamptz, environment text)
     ON CONFLICT DO NOTHING
     RETURNING project_id, event_id`,
    [JSON.stringify(records.map((r) => ({
      project_id: r.projectId, event_id: r.eventId, group_id: r.groupId, primary_hash: r.primaryHash,
      is_new: r.isNew, is_regression: r.isRegression, is_new_group_environment: r.isNewGroupEnvironment,
      occurred_at: r.occurredAt.toISOString(), environment: r.environment,
    })))],
  );
  const recorded = new Set(rows.map((r) => eventKey(Number(r.project_id), r.event_id)));
  return records.map((r) => eventKey(r.projectId, r.eventId)).filter((key) => !recorded.has(key));
}

/** A stored error event as a user report about it sees it. */
export interface ReportedErrorEvent {
  projectId: number;
  eventId: string;
  groupId: number;
  /** Null for events stored before these columns existed: take the document's `timestamp`. */
  occurredAt: Date | null;
  /** Null likewise: take the document's `environment`. */
  environment: string | null;
  /** The event as nodestore keeps it (normalized, with grouping's fields); null if nodestore lost it. */
  document: unknown;
}

/**
 * Stored error events with their nodestore documents, by `eventKey`, in one
 * round trip: what user reports need (group, time, environment) and what
 * turning a report into a feedback copies from the event (user, contexts,
 * tags, level, platform).
 */
export async function reportedErrorEvents(client: Pick<PoolClient, 'query'>, keys: readonly EventKey[]): Promise<Map<string, ReportedErrorEvent>> {
  if (keys.length === 0) return new Map();
  const { rows } = await client.query<{ project_id: string; event_id: string; group_id: string; occurred_at: Date | null; environment: string | null; data: string | null }>(
    `SELECT e.project_id, e.event_id, e.group_id, e.occurred_at, e.environment, n.data
       FROM unnest($1::bigint[], $2::char(32)[], $3::text[]) AS k(project_id, event_id, node_id)
       JOIN error_events e ON e.project_id = k.project_id AND e.event_id = k.event_id
       LEFT JOIN nodestore n ON n.id = k.node_id`,
    [keys.map((k) => k.projectId), keys.map((k) => k.eventId), keys.map((k) => eventNodeId(k.projectId, k.eventId))],
  );
  return new Map(rows.map((r) => [eventKey(Number(r.project_id), r.event_id), {
    projectId: Number(r.project_id), eventId: r.event_id, groupId: Number(r.group_id), occurredAt: r.occurred_at, environment: r.environment,
    document: r.data === null ? null : (JSON.parse(r.data) as unknown),
  }]));
}

/** Marks events whose eventstream message the broker acknowledged. */
export async function markErrorEventsStreamed(client: Pick<PoolClient, 'query'>, keys: readonly EventKey[]): Promise<void> {
  if (keys.length === 0) return;
  await client.query(
    `UPDATE error_events e SET streamed = true
       FROM unnest($1::bigint[], $2::char(32)[]) AS k(project_id, event_id)
      WHERE e.project_id = k.project_id AND e.event_id = k.event_id AND NOT e.streamed`,
    [keys.map((k) => k.projectId), keys.map((k) => k.eventId)],
  );
}

/** Points hashes that have no row yet at a group; a hash another group owns stays with it. */
export async function linkGroupHashes(client: PoolClient, links: readonly { projectId: number; hash: string; groupId: number }[]): Promise<void> {
  if (links.length === 0) return;
  // In key order, so that concurrent batches inserting the same hashes wait for each other instead of deadlocking.
  const sorted = [...links].sort((a, b) => a.projectId - b.projectId || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  await client.query(
    `INSERT INTO group_hashes (project_id, hash, group_id)
     SELECT * FROM unnest($1::bigint[], $2::char(32)[], $3::bigint[])
     ON CONFLICT DO NOTHING`,
    [sorted.map((l) => l.projectId), sorted.map((l) => l.hash), sorted.map((l) => l.groupId)],
  );
}

/**
 * Adds (group, environment) pairs; returns the pairs this call created, as
 * `<group id>:<environment>`, which is what makes an event the first of its
 * group in that environment.
 */
export async function addGroupEnvironments(
  client: PoolClient,
  pairs: readonly { groupId: number; environment: string; firstSeen: Date }[],
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  // In key order, so that concurrent batches adding the same pairs wait for each other instead of deadlocking.
  const sorted = [...pairs].sort((a, b) => a.groupId - b.groupId || (a.environment < b.environment ? -1 : a.environment > b.environment ? 1 : 0));
  const { rows } = await client.query<{ group_id: string; environment: string }>(
    `INSERT INTO group_environments (group_id, environment, first_seen)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[])
     ON CONFLICT DO NOTHING
     RETURNING group_id, environment`,
    [sorted.map((p) => p.groupId), sorted.map((p) => p.environment), sorted.map((p) => p.firstSeen)],
  );
  return new Set(rows.map((r) => groupEnvironmentKey(Number(r.group_id), r.environment)));
}

export const groupEnvironmentKey = (groupId: number, environment: string): string => `${groupId}:${environment}`;
