import type { PoolClient } from 'pg';

export interface OccurrenceRecord {
  /** 32 lower-case hex. */
  id: string;
  projectId: number;
  type: number;
  fingerprintHash: string;
  eventId: string;
  /** The issue the occurrence was grouped into; null when it was stored without one (noise, quota, …). */
  groupId: number | null;
}

/** An issue-platform event and the issue its occurrence was grouped into. */
export interface OccurrenceEventGroup {
  projectId: number;
  eventId: string;
  groupId: number;
}

/** The events and issues of these occurrences (ids as 32 hex or dashed), for the grouped ones among them that are stored. */
export async function occurrenceEventGroups(client: Pick<PoolClient, 'query'>, ids: readonly string[]): Promise<OccurrenceEventGroup[]> {
  if (ids.length === 0) return [];
  const { rows } = await client.query<{ project_id: string; event_id: string; group_id: string }>(
    `SELECT project_id, event_id, group_id FROM issue_occurrences WHERE id = ANY($1::uuid[]) AND group_id IS NOT NULL`,
    [ids],
  );
  return rows.map((r) => ({ projectId: Number(r.project_id), eventId: r.event_id, groupId: Number(r.group_id) }));
}

/**
 * Feedback issues (group type 6001) of feedback events, by (project, event id) through the partial index on
 * feedback occurrences; events without a grouped feedback occurrence are absent.
 */
export async function feedbackEventGroups(
  client: Pick<PoolClient, 'query'>,
  keys: readonly { projectId: number; eventId: string }[],
): Promise<OccurrenceEventGroup[]> {
  if (keys.length === 0) return [];
  const { rows } = await client.query<{ project_id: string; event_id: string; group_id: string }>(
    `SELECT DISTINCT ON (o.project_id, o.event_id) o.project_id, o.event_id, o.group_id
       FROM unnest($1::bigint[], $2::char(32)[]) AS k(project_id, event_id)
       JOIN issue_occurrences o ON o.type = 6001 AND o.project_id = k.project_id AND o.event_id = k.event_id
      WHERE o.group_id IS NOT NULL
      ORDER BY o.project_id, o.event_id, o.received_at`,
    [keys.map((k) => k.projectId), keys.map((k) => k.eventId)],
  );
  return rows.map((r) => ({ projectId: Number(r.project_id), eventId: r.event_id, groupId: Number(r.group_id) }));
}

/** The ids (32 lower-case hex) among `ids` that an earlier, committed batch already processed. */
export async function processedOccurrences(client: Pick<PoolClient, 'query'>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await client.query<{ id: string }>(
    `SELECT replace(id::text, '-', '') AS id FROM issue_occurrences WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Records occurrences as processed, each with its issue, in one insert at the
 * end of the batch's transaction (so a row is written once rather than
 * claimed first and linked later). Returns the ids another transaction
 * recorded since `processedOccurrences` looked: a concurrent delivery of the
 * same messages, which the caller answers by rolling back and retrying.
 */
export async function recordOccurrences(client: PoolClient, records: readonly OccurrenceRecord[]): Promise<string[]> {
  if (records.length === 0) return [];
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO issue_occurrences (id, project_id, type, fingerprint_hash, event_id, group_id)
     SELECT id, project_id, type, fingerprint_hash, event_id, group_id
       FROM json_to_recordset($1::json) AS o(id uuid, project_id bigint, type int, fingerprint_hash text, event_id text, group_id bigint)
     ON CONFLICT (id) DO NOTHING
     RETURNING replace(id::text, '-', '') AS id`,
    [JSON.stringify(records.map((r) => ({ id: r.id, project_id: r.projectId, type: r.type, fingerprint_hash: r.fingerprintHash, event_id: r.eventId, group_id: r.groupId })))],
  );
  const recorded = new Set(rows.map((r) => r.id));
  return records.filter((r) => !recorded.has(r.id)).map((r) => r.id);
}

/**
 * Upserts payloads by node id; a replay rewrites the same bytes. Documents
 * are stored as the JSON text the app wrote (like the reference's nodestore
 * blobs): Postgres never looks inside them, so it does not parse them. They
 * travel as one text of newline-separated JSON (JSON.stringify escapes every
 * newline inside a document) that Postgres splits; a text[] parameter would
 * make the driver escape every document again as an array literal.
 */
export async function putNodes(client: PoolClient, batch: readonly { id: string; data: unknown }[]): Promise<void> {
  await writeNodes(client, nodeColumns(batch, (node) => JSON.stringify(node.data)));
}

/** putNodes for documents their caller has already serialised (each a JSON.stringify result, so free of raw newlines). */
export async function putNodeTexts(client: PoolClient, batch: readonly { id: string; text: string }[]): Promise<void> {
  await writeNodes(client, nodeColumns(batch, (node) => node.text));
}

/**
 * The batch as the two parameters of one upsert, each node once with its later document (one upsert may not
 * touch a row twice, and several occurrences of a batch can share one event). Built before the round trip,
 * so no document outlives this call but inside the joined text: a batch's documents are most of what it
 * allocates, and strings still referenced while the upsert runs were copied by every scavenge meanwhile.
 */
function nodeColumns<N extends { id: string }>(batch: readonly N[], text: (node: N) => string): { ids: string[]; documents: string } {
  const latest = new Map<string, N>();
  for (const node of batch) latest.set(node.id, node);
  const documents: string[] = [];
  for (const node of latest.values()) documents.push(text(node));
  return { ids: [...latest.keys()], documents: documents.join('\n') };
}

async function writeNodes(client: PoolClient, { ids, documents }: { ids: string[]; documents: string }): Promise<void> {
  if (ids.length === 0) return;
  await client.query(
    `INSERT INTO nodestore (id, data)
     SELECT id, document FROM ROWS FROM (unnest($1::text[]), string_to_table($2::text, E'\\n')) AS node(id, document)
     ON CONFLICT (id) DO UPDATE SET data = excluded.data`,
    [ids, documents],
  );
}

/** Which of `ids` are stored, without reading their documents. */
export async function existingNodeIds(client: Pick<PoolClient, 'query'>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM nodestore WHERE id = ANY($1::text[])`, [ids]);
  return new Set(rows.map((r) => r.id));
}

export async function getNodes(client: Pick<PoolClient, 'query'>, ids: readonly string[]): Promise<Map<string, unknown>> {
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<{ id: string; data: string }>(`SELECT id, data FROM nodestore WHERE id = ANY($1::text[])`, [ids]);
  return new Map(rows.map((r) => [r.id, JSON.parse(r.data) as unknown]));
}
