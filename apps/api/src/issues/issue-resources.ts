import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { EVENT_ATTACHMENT_MIGRATIONS_TABLE, eventAttachmentMigrations, EventAttachmentStore } from '@issuestream/attachments-data';
import { clickHouseStreamReader, IssueSearch, type IssueStreamReader, type LatestEventDeps } from '@issuestream/issue-search';
import {
  errorEventMigrations, ISSUE_READ_MIGRATIONS_TABLE, issueMigrations, issueReadMigrations, searchIssuesMigrations,
} from '@issuestream/issues-data';
import { createClickHouse, migrate, migrateClickHouse, storageConfigFromEnv } from '@issuestream/storage';
import { ApiResources } from '../api-resources';

/**
 * What the issue endpoints read: the issue tables (Postgres, through the
 * api's pool), `search_issues` (ClickHouse) and attachments. The issue
 * tables are created here when missing (the same idempotent migrations the
 * consumers apply), so the api starts on an empty database.
 */
@Injectable()
export class IssueResources implements OnApplicationShutdown {
  private constructor(
    readonly search: IssueSearch,
    readonly latestEvent: LatestEventDeps,
    private readonly clickhouse: ClickHouseClient,
  ) {}

  static async open(api: ApiResources, env: NodeJS.ProcessEnv): Promise<IssueResources> {
    const { pool } = api;
    await migrate(pool, issueMigrations, { table: 'issue_migrations' });
    await migrate(pool, errorEventMigrations, { table: 'error_event_migrations' });
    await migrate(pool, issueReadMigrations, { table: ISSUE_READ_MIGRATIONS_TABLE });
    await migrate(pool, eventAttachmentMigrations, { table: EVENT_ATTACHMENT_MIGRATIONS_TABLE });
    const clickhouse = await createClickHouse(storageConfigFromEnv(env).clickhouse);
    try {
      await migrateClickHouse(clickhouse, searchIssuesMigrations, { table: 'issue_schema_migrations' });
    } catch (error) {
      await clickhouse.close();
      throw error;
    }
    const stream: IssueStreamReader = clickHouseStreamReader(clickhouse);
    const latestEvent: LatestEventDeps = { pool, stream, attachments: new EventAttachmentStore(pool), userReports: api.userReports };
    return new IssueResources(new IssueSearch({ pool, stream }), latestEvent, clickhouse);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.clickhouse.close();
  }
}
