import type { ClickHouseClient } from '@clickhouse/client';

/** A position in the issue stream, newest first: last seen (epoch ms), then group id. */
export interface IssueStreamKey {
  lastSeen: number;
  groupId: number;
}

export interface IssueStreamQuery {
  projectIds: readonly number[];
  types: readonly number[];
  /** Epoch ms, start inclusive, end exclusive. */
  start: number;
  end: number;
  /** Empty: every environment. */
  environments: readonly string[];
  /** Every term must appear (case-insensitively) in the title or the subtitle (the feedback message). */
  terms: readonly string[];
  /** Only these groups (when the caller narrowed them down already). */
  groupIds?: readonly number[];
}

export interface RankedIssues {
  issues: IssueStreamKey[];
  /** True when nothing follows the returned issues. */
  exhausted: boolean;
}

interface KeyRow {
  group_id: string;
  last_seen: string;
}

/**
 * The WHERE clause of a stream query and its parameters: only the conditions
 * the query uses, so ClickHouse reads only the columns they need, and the
 * type as an equality when there is one (what lets it read the time-ordered
 * projection backwards).
 */
function streamFilter(q: IssueStreamQuery): { where: string; params: Record<string, unknown> } {
  const conditions = [
    'project_id IN {projectIds:Array(UInt64)}',
    'detection_time >= fromUnixTimestamp64Milli({start:Int64})',
    'detection_time < fromUnixTimestamp64Milli({end:Int64})',
  ];
  const params: Record<string, unknown> = { projectIds: q.projectIds, start: q.start, end: q.end };
  if (q.types.length === 1) {
    conditions.push('type = {type:UInt32}');
    params['type'] = q.types[0];
  } else if (q.types.length > 1) {
    conditions.push('type IN {types:Array(UInt32)}');
    params['types'] = q.types;
  }
  if (q.environments.length > 0) {
    conditions.push('environment IN {environments:Array(String)}');
    params['environments'] = q.environments;
  }
  if (q.groupIds !== undefined) {
    conditions.push('group_id IN {groupIds:Array(UInt64)}');
    params['groupIds'] = q.groupIds;
  }
  q.terms.forEach((term, i) => {
    conditions.push(`(positionCaseInsensitiveUTF8(subtitle, {term${i}:String}) > 0 OR positionCaseInsensitiveUTF8(title, {term${i}:String}) > 0)`);
    params[`term${i}`] = term;
  });
  return { where: conditions.join(' AND '), params };
}

/**
 * The next `limit` issues of the stream after `after`, newest last-seen
 * first. An issue's last seen is its newest occurrence, so the newest issues
 * are the distinct groups of the newest occurrences in order: the query reads
 * the top of the occurrences (a partial sort, no aggregation over every
 * issue) and reads further only when repeats left the page short. Past a
 * cursor, a group with a newer occurrence was listed before and is skipped.
 */
export async function rankIssues(client: ClickHouseClient, query: IssueStreamQuery, after: IssueStreamKey | null, limit: number): Promise<RankedIssues> {
  if (query.projectIds.length === 0 || (query.groupIds !== undefined && query.groupIds.length === 0)) return { issues: [], exhausted: true };
  const found = new Map<number, IssueStreamKey>();
  const listedBefore = new Set<number>();
  const fetch = Math.max(limit * 2, 100);
  let position = after;
  for (;;) {
    const rows = await newestOccurrences(client, query, position, fetch);
    const fresh: IssueStreamKey[] = [];
    for (const row of rows) {
      const key = { groupId: Number(row.group_id), lastSeen: Number(row.last_seen) };
      if (!found.has(key.groupId) && !listedBefore.has(key.groupId)) {
        found.set(key.groupId, key);
        fresh.push(key);
      }
    }
    if (after && fresh.length > 0) {
      for (const id of await groupsSeenSince(client, query, after, fresh.map((k) => k.groupId))) {
        found.delete(id);
        listedBefore.add(id);
      }
    }
    const last = rows[rows.length - 1];
    const exhausted = rows.length < fetch;
    if (found.size > limit || exhausted || !last) {
      const issues = [...found.values()];
      return { issues: issues.slice(0, limit), exhausted: exhausted && issues.length <= limit };
    }
    position = { groupId: Number(last.group_id), lastSeen: Number(last.last_seen) };
  }
}

async function newestOccurrences(client: ClickHouseClient, query: IssueStreamQuery, after: IssueStreamKey | null, limit: number): Promise<KeyRow[]> {
  const { where, params } = streamFilter(query);
  // The bound on detection_time alone lets the primary key skip; the tuple breaks ties within one millisecond.
  const past = after
    ? ` AND detection_time <= fromUnixTimestamp64Milli({afterTime:Int64})
        AND (toUnixTimestamp64Milli(detection_time), group_id) < ({afterTime:Int64}, {afterGroup:UInt64})`
    : '';
  // Ordered by the projection's key only: a third sort column would make ClickHouse sort every row instead of
  // stopping after `limit`. Ties within a millisecond are put in group order here instead.
  const order = query.types.length === 1 ? 'type DESC, detection_time DESC' : 'detection_time DESC';
  const select = (extra: string, limitClause: string) => client.query({
    query: `SELECT group_id, toUnixTimestamp64Milli(detection_time) AS last_seen FROM search_issues
             WHERE ${where}${past}${extra} ORDER BY ${order}${limitClause}`,
    query_params: { ...params, afterTime: after?.lastSeen ?? 0, afterGroup: after?.groupId ?? 0, limit },
    format: 'JSONEachRow',
  }).then((result) => result.json<KeyRow>());
  const rows = await select('', ' LIMIT {limit:UInt32}');
  const last = rows[rows.length - 1];
  if (rows.length === limit && last) {
    // The limit may have cut through rows of the last millisecond: take all of them, so the cursor misses none.
    const edge = await select(` AND detection_time = fromUnixTimestamp64Milli(${Number(last.last_seen)})`, '');
    rows.splice(rows.findIndex((r) => r.last_seen === last.last_seen), rows.length, ...edge);
  }
  return rows.sort((a, b) => Number(b.last_seen) - Number(a.last_seen) || Number(b.group_id) - Number(a.group_id));
}

/** Which of the groups have an occurrence at or after the key (they were listed before it). */
async function groupsSeenSince(client: ClickHouseClient, query: IssueStreamQuery, key: IssueStreamKey, groupIds: number[]): Promise<number[]> {
  const { where, params } = streamFilter(query);
  const result = await client.query({
    query: `SELECT DISTINCT group_id FROM search_issues
             WHERE ${where} AND group_id IN {candidates:Array(UInt64)}
               AND detection_time >= fromUnixTimestamp64Milli({afterTime:Int64})
               AND (toUnixTimestamp64Milli(detection_time), group_id) >= ({afterTime:Int64}, {afterGroup:UInt64})`,
    query_params: { ...params, candidates: groupIds, afterTime: key.lastSeen, afterGroup: key.groupId },
    format: 'JSONEachRow',
  });
  return (await result.json<{ group_id: string }>()).map((r) => Number(r.group_id));
}

/** The newest occurrence of each group, as stored for search (the page's details: message, contact, tags). */
export interface LatestOccurrence {
  groupId: number;
  projectId: number;
  eventId: string;
  environment: string;
  release: string;
  tags: Record<string, string>;
  evidenceData: Record<string, unknown>;
  detectionTime: number;
}

/**
 * `window` (epoch ms, both inclusive), when the caller knows when the issues were last seen (a page of the
 * stream does), lets ClickHouse read only that time range of the time-ordered projection.
 */
export async function latestOccurrences(
  client: ClickHouseClient,
  projectIds: readonly number[],
  groupIds: readonly number[],
  window?: { type: number; from: number; to: number },
): Promise<Map<number, LatestOccurrence>> {
  if (groupIds.length === 0) return new Map();
  const range = window
    ? ` AND type = {type:UInt32} AND detection_time >= fromUnixTimestamp64Milli({from:Int64}) AND detection_time <= fromUnixTimestamp64Milli({to:Int64})`
    : '';
  const result = await client.query({
    query: `SELECT group_id, argMax(project_id, detection_time) AS latest_project_id, argMax(event_id, detection_time) AS latest_event_id,
                   argMax(environment, detection_time) AS latest_environment, argMax(release, detection_time) AS latest_release,
                   argMax(tags, detection_time) AS latest_tags, argMax(evidence_data, detection_time) AS latest_evidence_data,
                   toUnixTimestamp64Milli(max(detection_time)) AS latest_time
              FROM search_issues
             WHERE group_id IN {groupIds:Array(UInt64)} AND project_id IN {projectIds:Array(UInt64)}${range}
             GROUP BY group_id`,
    query_params: { projectIds, groupIds, type: window?.type ?? 0, from: window?.from ?? 0, to: window?.to ?? 0 },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{
    group_id: string; latest_project_id: string; latest_event_id: string; latest_environment: string; latest_release: string;
    latest_tags: Record<string, string>; latest_evidence_data: string; latest_time: string;
  }>();
  return new Map(rows.map((r) => [Number(r.group_id), {
    groupId: Number(r.group_id), projectId: Number(r.latest_project_id), eventId: r.latest_event_id, environment: r.latest_environment,
    release: r.latest_release, tags: r.latest_tags, evidenceData: parseObject(r.latest_evidence_data), detectionTime: Number(r.latest_time),
  }]));
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
