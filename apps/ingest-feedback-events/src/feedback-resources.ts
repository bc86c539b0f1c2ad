import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { errorEventMigrations, issueMigrations } from '@issuestream/issues-data';
import { HealthRegistry } from '@issuestream/observability';
import { createPgPool, migrate, storageConfigFromEnv, TENANT_MIGRATIONS_TABLE, tenantMigrations } from '@issuestream/storage';
import { USER_REPORT_MIGRATIONS_TABLE, userReportMigrations } from '@issuestream/user-reports-data';
import type { Pool } from 'pg';

/**
 * Postgres for tenants (projects, flags, options, environments) and user
 * reports. This consumer writes no issues itself, so it opens neither Redis
 * nor ClickHouse (an embedded chDB allows one data path per process, and
 * ingest-occurrences owns it).
 */
@Injectable()
export class FeedbackResources implements OnApplicationShutdown {
  private constructor(readonly pool: Pool) {}

  static async open(env: NodeJS.ProcessEnv, health: HealthRegistry): Promise<FeedbackResources> {
    const config = storageConfigFromEnv(env);
    const pool = createPgPool(config.postgres.url, { applicationName: 'ingest-feedback-events' });
    await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    await migrate(pool, userReportMigrations, { table: USER_REPORT_MIGRATIONS_TABLE });
    // The user reports of feedback about an error look the error up in error_events and nodestore.
    await migrate(pool, issueMigrations, { table: 'issue_migrations' });
    await migrate(pool, errorEventMigrations, { table: 'error_event_migrations' });
    health.register({ name: 'postgres', check: async () => void (await pool.query('SELECT 1')) });
    return new FeedbackResources(pool);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
