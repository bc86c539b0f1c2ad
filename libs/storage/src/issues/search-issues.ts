import type { ClickHouseClient } from '@clickhouse/client';

export interface SearchIssueRow {
  occurrence_id: string;
  project_id: number;
  group_id: number;
  type: number;
  event_id: string;
  title: string;
  subtitle: string;
  culprit: string;
  level: string;
  fingerprint_hash: string;
  environment: string;
  release: string;
  tags: Record<string, string>;
  resource_id: string | null;
  evidence_data: string;
  evidence_display: string;
  /** Epoch milliseconds. */
  detection_time: number;
  receive_time: number;
}

/**
 * One insert per batch. The version column makes the newest write of an
 * occurrence win when ReplacingMergeTree collapses replays.
 */
export async function insertSearchIssues(client: ClickHouseClient, rows: readonly SearchIssueRow[]): Promise<void> {
  if (rows.length === 0) return;
  const version = Date.now();
  await client.insert({
    table: 'search_issues',
    format: 'JSONEachRow',
    values: rows.map((row) => ({ ...row, version })),
    clickhouse_settings: { date_time_input_format: 'best_effort' },
  });
}

export interface SearchIssuesQuery {
  projectId: number;
  type?: number;
  /** Only these events' occurrences (32-hex ids). */
  eventIds?: readonly string[];
  limit?: number;
}

/** Issues of a project (optionally one type), newest first, replays collapsed. */
export async function listSearchIssues(client: ClickHouseClient, query: SearchIssuesQuery): Promise<SearchIssueRow[]> {
  const result = await client.query({
    query: `SELECT * EXCEPT version FROM search_issues FINAL
             WHERE project_id = {projectId:UInt64} AND ({type:Int64} < 0 OR type = {type:Int64})
               AND (empty({eventIds:Array(String)}) OR has({eventIds:Array(String)}, event_id))
             ORDER BY detection_time DESC LIMIT {limit:UInt32}`,
    query_params: { projectId: query.projectId, type: query.type ?? -1, eventIds: query.eventIds ?? [], limit: query.limit ?? 100 },
    format: 'JSONEachRow',
  });
  // 64-bit integers arrive quoted (the factory pins that for both backends).
  const rows = await result.json<SearchIssueRow>();
  return rows.map((row) => ({ ...row, project_id: Number(row.project_id), group_id: Number(row.group_id), type: Number(row.type) }));
}
