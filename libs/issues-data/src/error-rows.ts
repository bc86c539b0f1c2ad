import type { ClickHouseClient } from '@clickhouse/client';

/** One searchable error event (ClickHouse `errors`). */
export interface ErrorRow {
  project_id: number;
  event_id: string;
  group_id: number;
  /** Epoch milliseconds. */
  timestamp: number;
  received: number;
  platform: string;
  environment: string;
  release: string;
  dist: string;
  level: string;
  title: string;
  culprit: string;
  message: string;
  primary_hash: string;
  exception_types: string[];
  exception_values: string[];
  tags: Record<string, string>;
  user_id: string;
  user_email: string;
  user_name: string;
  ip_address: string;
  trace_id: string;
  replay_id: string;
  sdk_name: string;
  sdk_version: string;
}

const COLUMNS = [
  'project_id', 'event_id', 'group_id', 'timestamp', 'received', 'platform', 'environment', 'release', 'dist', 'level', 'title',
  'culprit', 'message', 'primary_hash', 'exception_types', 'exception_values', 'tags', 'user_id', 'user_email', 'user_name',
  'ip_address', 'trace_id', 'replay_id', 'sdk_name', 'sdk_version',
] as const satisfies readonly (keyof ErrorRow)[];

/** One insert per batch; the version makes the newest write of an event win when replays collapse. */
export async function insertErrors(client: ClickHouseClient, rows: readonly ErrorRow[]): Promise<void> {
  if (rows.length === 0) return;
  const version = Date.now();
  await client.insert({
    table: 'errors',
    format: 'JSONCompactEachRow',
    columns: [...COLUMNS, 'version'],
    values: rows.map((row) => [...COLUMNS.map((column) => row[column]), version]),
  });
}

export interface ErrorsQuery {
  projectIds: readonly number[];
  /** Only these issues' events. */
  groupIds?: readonly number[];
  /** Only these events (32-hex ids). */
  eventIds?: readonly string[];
  limit?: number;
}

/** Error events of some projects, newest first, replays collapsed. */
export async function listErrors(client: ClickHouseClient, query: ErrorsQuery): Promise<ErrorRow[]> {
  const result = await client.query({
    query: `SELECT * EXCEPT version FROM errors FINAL
             WHERE project_id IN {projectIds:Array(UInt64)}
               AND (empty({groupIds:Array(UInt64)}) OR has({groupIds:Array(UInt64)}, group_id))
               AND (empty({eventIds:Array(String)}) OR has({eventIds:Array(String)}, event_id))
             ORDER BY timestamp DESC LIMIT {limit:UInt32}`,
    query_params: { projectIds: query.projectIds, groupIds: query.groupIds ?? [], eventIds: query.eventIds ?? [], limit: query.limit ?? 100 },
    format: 'JSONEachRow',
  });
  // 64-bit integers arrive quoted, DateTime64 as text.
  const rows = await result.json<ErrorRow & { timestamp: string | number; received: string | number }>();
  return rows.map((row) => ({
    ...row, project_id: Number(row.project_id), group_id: Number(row.group_id),
    timestamp: toEpochMs(row.timestamp), received: toEpochMs(row.received),
  }));
}

function toEpochMs(value: string | number): number {
  return typeof value === 'number' ? value : Date.parse(`${value.replace(' ', 'T')}Z`);
}
