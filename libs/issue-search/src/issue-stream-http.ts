import type { ClickHouseClient } from '@clickhouse/client';
import { latestOccurrences, rankIssues, type LatestOccurrence, type RankedIssues } from '@issuestream/issues-data';
import { z } from 'zod';
import type { IssueStreamReader } from './issue-stream-reader';

// With embedded ClickHouse (chDB) only the process that owns the data
// directory can read `search_issues`: ingest-occurrences serves these two
// reads over HTTP (`POST /issue-stream/rank`, `POST /issue-stream/latest`)
// and the api calls them. Same queries, same answers as a direct client.

const ids = z.array(z.number().int().nonnegative());
const key = z.object({ lastSeen: z.number().int(), groupId: z.number().int().nonnegative() });

export const rankRequestSchema = z.object({
  query: z.object({
    projectIds: ids,
    types: ids,
    start: z.number().int(),
    end: z.number().int(),
    environments: z.array(z.string()),
    terms: z.array(z.string()),
    groupIds: ids.optional(),
  }),
  after: key.nullable(),
  limit: z.number().int().min(1).max(100_000),
});

export const latestRequestSchema = z.object({
  projectIds: ids,
  groupIds: ids.max(10_000),
  window: z.object({ type: z.number().int().nonnegative(), from: z.number().int(), to: z.number().int() }).optional(),
});

export type RankRequest = z.infer<typeof rankRequestSchema>;
export type LatestRequest = z.infer<typeof latestRequestSchema>;

/** `{ field, detail }` naming the first bad field of a request body, or the parsed request. */
export function parseStreamRequest<T>(schema: z.ZodType<T>, body: unknown): { ok: true; request: T } | { ok: false; field: string; detail: string } {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, request: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  return { ok: false, field, detail: `${field}: ${issue?.message ?? 'invalid'}` };
}

export const answerRank = (client: ClickHouseClient, request: RankRequest): Promise<RankedIssues> => rankIssues(client, request.query, request.after, request.limit);

export async function answerLatest(client: ClickHouseClient, request: LatestRequest): Promise<LatestOccurrence[]> {
  return [...(await latestOccurrences(client, request.projectIds, request.groupIds, request.window)).values()];
}

/** The api's reader when another process owns ClickHouse: `baseUrl` is that process (ingest-occurrences). */
export function httpStreamReader(baseUrl: string, timeoutMs: number): IssueStreamReader {
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(new URL(path, baseUrl), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`issue stream ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    rank: (query, after, limit) => post<RankedIssues>('/issue-stream/rank', { query, after, limit }),
    latest: async (projectIds, groupIds, window) => {
      if (groupIds.length === 0) return new Map();
      const rows = await post<LatestOccurrence[]>('/issue-stream/latest', { projectIds, groupIds, window });
      return new Map(rows.map((row) => [row.groupId, row]));
    },
  };
}
