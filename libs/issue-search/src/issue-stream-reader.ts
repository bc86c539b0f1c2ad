import type { ClickHouseClient } from '@clickhouse/client';
import { latestOccurrences, rankIssues, type IssueStreamKey, type IssueStreamQuery, type LatestOccurrence, type RankedIssues } from '@issuestream/issues-data';

/** The ClickHouse side of the issue stream: ranking, and each issue's newest occurrence. */
export interface IssueStreamReader {
  rank(query: IssueStreamQuery, after: IssueStreamKey | null, limit: number): Promise<RankedIssues>;
  latest(projectIds: readonly number[], groupIds: readonly number[]): Promise<Map<number, LatestOccurrence>>;
}

export const clickHouseStreamReader = (client: ClickHouseClient): IssueStreamReader => ({
  rank: (query, after, limit) => rankIssues(client, query, after, limit),
  latest: (projectIds, groupIds) => latestOccurrences(client, projectIds, groupIds),
});
