import type { ClickHouseClient } from '@clickhouse/client';
import { categoryName, outcomeName } from './outcome-codes';
import type { StatsField, StatsGroupBy, StatsRequest } from './stats-request';

export interface StatsGroup {
  readonly by: Partial<Record<StatsGroupBy, string | number>>;
  readonly totals: Partial<Record<StatsField, number>>;
  readonly series: Partial<Record<StatsField, number[]>>;
}

/** The reference's stats_v2 answer: interval start times, and per group its totals and one value per interval. */
export interface StatsResponse {
  readonly start: string;
  readonly end: string;
  readonly intervals: string[];
  readonly groups: StatsGroup[];
}

/** Group-by names → columns; only these strings ever reach the SQL text. */
const GROUP_COLUMNS: Readonly<Record<StatsGroupBy, string>> = { outcome: 'outcome', reason: 'reason', category: 'category', project: 'project_id' };
const FIELD_COLUMNS: Readonly<Record<StatsField, 'quantity' | 'times_seen'>> = { 'sum(quantity)': 'quantity', 'sum(times_seen)': 'times_seen' };

type StatsRow = Record<string, string | number> & { bucket: string | number; quantity: string | number; times_seen: string | number };

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');

function groupValue(groupBy: StatsGroupBy, value: string | number): string | number {
  switch (groupBy) {
    case 'outcome':
      return outcomeName(Number(value));
    case 'category':
      return categoryName(Number(value));
    case 'project':
      return Number(value);
    case 'reason':
      return String(value);
  }
}

/** One organisation's outcome counts for a checked stats request: one query, grouped and bucketed in ClickHouse. */
export async function queryOutcomeStats(client: ClickHouseClient, organizationId: number, request: StatsRequest): Promise<StatsResponse> {
  const groupColumns = request.groupBy.map((g) => GROUP_COLUMNS[g]);
  const result = await client.query({
    query: `SELECT intDiv(toUnixTimestamp(hour) - {start:Int64}, {interval:UInt32}) AS bucket
                   ${groupColumns.map((c) => `, ${c}`).join('')},
                   sum(quantity) AS quantity, sum(times_seen) AS times_seen
              FROM outcomes_hourly
             WHERE org_id = {org:UInt64}
               AND hour >= toDateTime({start:Int64}, 'UTC') AND hour < toDateTime({end:Int64}, 'UTC')
               AND (empty({projects:Array(UInt64)}) OR has({projects:Array(UInt64)}, project_id))
               AND (empty({categories:Array(UInt16)}) OR has({categories:Array(UInt16)}, category))
               AND (empty({outcomes:Array(UInt8)}) OR has({outcomes:Array(UInt8)}, outcome))
               AND (empty({reasons:Array(String)}) OR has({reasons:Array(String)}, reason))
             GROUP BY bucket${groupColumns.map((c) => `, ${c}`).join('')}`,
    query_params: {
      org: organizationId, start: request.start, end: request.end, interval: request.intervalSeconds,
      projects: request.projectIds, categories: request.categories, outcomes: request.outcomes, reasons: request.reasons,
    },
    format: 'JSONEachRow',
  });
  const rows = await result.json<StatsRow>();

  const buckets = (request.end - request.start) / request.intervalSeconds;
  const intervals = Array.from({ length: buckets }, (_, i) => iso(request.start + i * request.intervalSeconds));
  const groups = new Map<string, { by: Partial<Record<StatsGroupBy, string | number>>; totals: Partial<Record<StatsField, number>>; series: Partial<Record<StatsField, number[]>> }>();
  for (const row of rows) {
    const by = Object.fromEntries(request.groupBy.map((g) => [g, groupValue(g, row[GROUP_COLUMNS[g]] as string | number)])) as Partial<Record<StatsGroupBy, string | number>>;
    const id = JSON.stringify(request.groupBy.map((g) => by[g]));
    let group = groups.get(id);
    if (!group) {
      group = {
        by,
        totals: Object.fromEntries(request.fields.map((f) => [f, 0])),
        series: Object.fromEntries(request.fields.map((f) => [f, new Array<number>(buckets).fill(0)])),
      };
      groups.set(id, group);
    }
    const bucket = Number(row.bucket);
    for (const field of request.fields) {
      const value = Number(row[FIELD_COLUMNS[field]]);
      group.totals[field] = (group.totals[field] ?? 0) + value;
      const series = group.series[field];
      if (series && bucket >= 0 && bucket < buckets) series[bucket] = (series[bucket] ?? 0) + value;
    }
  }
  if (groups.size === 0 && request.groupBy.length === 0) {
    groups.set('[]', { by: {}, totals: Object.fromEntries(request.fields.map((f) => [f, 0])), series: Object.fromEntries(request.fields.map((f) => [f, new Array<number>(buckets).fill(0)])) });
  }
  const sorted = [...groups.values()].sort((a, b) => JSON.stringify(Object.values(a.by)).localeCompare(JSON.stringify(Object.values(b.by))));
  return { start: iso(request.start), end: iso(request.end), intervals, groups: sorted };
}
