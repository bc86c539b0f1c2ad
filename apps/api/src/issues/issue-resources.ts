import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { clickHouseStreamReader, httpStreamReader, IssueSearch, type IssueStreamReader, type LatestEventDeps } from '@issuestream/issue-search';
import { ISSUE_READ_MIGRATIONS_TABLE, issueReadMigrations, searchIssuesMigrations } from '@issuestream/issues-data';
import { createClickHouse, migrate, migrateClickHouse, storageConfigFromEnv } from '@issuestream/storage';
import { ApiResources } from '../api-resources';
import type { ApiConfig } from '../config';

/**
 * What the issue endpoints read: the issue tables (Postgres, through the
 * api's pool), `search_issues` (ClickHouse: directly, or through the process
 * that owns it, see ISSUE_STREAM_SOURCE) and attachments. The issue,
 * error-event and attachment tables are migrated by ApiResources, opened
 * first; only the read side's own tables (`group_seen`) are created here.
 */
@Injectable()
export class IssueResources implements OnApplicationShutdown {
  private constructor(
    readonly search: IssueSearch,
    readonly latestEvent: LatestEventDeps,
    private readonly clickhouse: ClickHouseClient | null,
  ) {}

  static async open(api: ApiResources, config: ApiConfig, env: NodeJS.ProcessEnv): Promise<IssueResources> {
    const { pool } = api;
    await migrate(pool, issueReadMigrations, { table: ISSUE_READ_MIGRATIONS_TABLE });
    let clickhouse: ClickHouseClient | null = null;
    let stream: IssueStreamReader;
    if (config.ISSUE_STREAM_SOURCE === 'clickhouse') {
      clickhouse = await createClickHouse(storageConfigFromEnv(env).clickhouse);
      try {
        await migrateClickHouse(clickhouse, searchIssuesMigrations, { table: 'issue_schema_migrations' });
      } catch (error) {
        await clickhouse.close();
        throw error;
      }
      stream = clickHouseStreamReader(clickhouse);
    } else {
      stream = httpStreamReader(config.ISSUE_STREAM_URL, config.ISSUE_STREAM_TIMEOUT_MS);
    }
    const latestEvent: LatestEventDeps = { pool, stream, attachments: api.attachments, userReports: api.userReports };
    return new IssueResources(new IssueSearch({ pool, stream }), latestEvent, clickhouse);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.clickhouse?.close();
  }
}
