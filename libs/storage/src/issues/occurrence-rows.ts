import type { PoolClient } from 'pg';

export interface OccurrenceClaim {
  id: string;
  projectId: number;
  type: number;
  fingerprintHash: string;
  eventId: string;
}

/**
 * Records occurrence ids as processed and returns the ones that were new.
 * Runs inside the batch's transaction, so an id counts as processed only
 * when everything it caused commits with it.
 */
export async function claimOccurrences(client: PoolClient, claims: readonly OccurrenceClaim[]): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO issue_occurrences (id, project_id, type, fingerprint_hash, event_id)
     SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::int[], $4::text[], $5::text[])
     ON CONFLICT (id) DO NOTHING
     RETURNING replace(id::text, '-', '') AS id`,
    [claims.map((c) => c.id), claims.map((c) => c.projectId), claims.map((c) => c.type), claims.map((c) => c.fingerprintHash), claims.map((c) => c.eventId)],
  );
  return new Set(rows.map((r) => r.id));
}

export async function linkOccurrencesToGroups(client: PoolClient, links: readonly { occurrenceId: string; groupId: number }[]): Promise<void> {
  if (links.length === 0) return;
  await client.query(
    `UPDATE issue_occurrences o SET group_id = l.group_id
       FROM unnest($1::uuid[], $2::bigint[]) AS l(id, group_id) WHERE o.id = l.id`,
    [links.map((l) => l.occurrenceId), links.map((l) => l.groupId)],
  );
}

/**
 * Upserts payloads by node id; a replay rewrites the same bytes. The batch
 * travels as one JSON array: a jsonb[] parameter would make the driver escape
 * every (kilobytes-long) document again as an array literal.
 */
export async function putNodes(client: PoolClient, nodes: readonly { id: string; data: unknown }[]): Promise<void> {
  if (nodes.length === 0) return;
  await client.query(
    `INSERT INTO nodestore (id, data)
     SELECT node->>'id', node->'data' FROM jsonb_array_elements($1::jsonb) AS node
     ON CONFLICT (id) DO UPDATE SET data = excluded.data`,
    [JSON.stringify(nodes.map((n) => ({ id: n.id, data: n.data })))],
  );
}

export async function getNodes(client: Pick<PoolClient, 'query'>, ids: readonly string[]): Promise<Map<string, unknown>> {
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<{ id: string; data: unknown }>(`SELECT id, data FROM nodestore WHERE id = ANY($1::text[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.data]));
}
