import type { ClickHouseClient } from '@clickhouse/client';
import { latestOccurrences, rankIssues, type IssueStreamKey, type IssueStreamQuery, type LatestOccurrence, type RankedIssues } from '@issuestream/issues-data';

/** The ClickHouse side of the issue stream: ranking, and each issue's newest occurrence. */
export interface IssueStreamReader {
  rank(query: IssueStreamQuery, after: IssueStreamKey | null, limit: number): Promise<RankedIssues>;
  latest(projectIds: readonly number[], groupIds: readonly number[], window?: { type: number; from: number; to: number }): Promise<Map<number, LatestOccurrence>>;
}

export const clickHouseStreamReader = (client: ClickHouseClient): IssueStreamReader => ({
  rank: (query, after, limit) => rankIssues(client, query, after, limit),
  latest: (projectIds, groupIds, window) => latestOccurrences(client, projectIds, groupIds, window),
});
