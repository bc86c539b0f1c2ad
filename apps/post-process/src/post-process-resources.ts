import type { ClickHouseClient } from '@clickhouse/client';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry } from '@issuestream/observability';
import { POST_PROCESS_MIGRATIONS_TABLE, postProcessMigrations } from '@issuestream/post-process-data';
import { createClickHouse, createPgPool, migrate, storageConfigFromEnv, TENANT_MIGRATIONS_TABLE, tenantMigrations } from '@issuestream/storage';
import { USER_REPORT_MIGRATIONS_TABLE, userReportMigrations } from '@issuestream/user-reports-data';
import type { Pool } from 'pg';

/**
 * The stores every part of post-process shares, migrated before consuming
 * starts and closed after the consumer committed its last batch.
 */
@Injectable()
export class PostProcessResources implements OnApplicationShutdown {
  private constructor(
    readonly pool: Pool,
    readonly clickhouse: ClickHouseClient,
  ) {}

  static async open(env: NodeJS.ProcessEnv, health: HealthRegistry): Promise<PostProcessResources> {
    const config = storageConfigFromEnv(env);
    const pool = createPgPool(config.postgres.url, { applicationName: 'post-process' });
    const clickhouse = await createClickHouse(config.clickhouse);
    await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    await migrate(pool, userReportMigrations, { table: USER_REPORT_MIGRATIONS_TABLE });
    await migrate(pool, postProcessMigrations, { table: POST_PROCESS_MIGRATIONS_TABLE });
    health.register({ name: 'postgres', check: async () => void (await pool.query('SELECT 1')) });
    health.register({ name: 'clickhouse', check: async () => void (await clickhouse.ping()) });
    return new PostProcessResources(pool, clickhouse);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.pool.end(), this.clickhouse.close()]);
  }
}
