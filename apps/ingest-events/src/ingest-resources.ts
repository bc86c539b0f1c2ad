import type { ClickHouseClient } from '@clickhouse/client';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { errorEventMigrations, errorsClickHouseMigrations, issueMigrations } from '@issuestream/issues-data';
import { HealthRegistry } from '@issuestream/observability';
import { createClickHouse, createPgPool, migrate, migrateClickHouse, storageConfigFromEnv, TENANT_MIGRATIONS_TABLE, tenantMigrations } from '@issuestream/storage';
import type { Pool } from 'pg';

/**
 * The stores ingest-events writes to, migrated before consuming starts and
 * closed after the consumer committed its last batch. The issue tables are
 * the ones ingest-occurrences uses (same migration list and history table).
 */
@Injectable()
export class EventResources implements OnApplicationShutdown {
  private constructor(
    readonly pool: Pool,
    readonly clickhouse: ClickHouseClient,
  ) {}

  static async open(env: NodeJS.ProcessEnv, health: HealthRegistry): Promise<EventResources> {
    const config = storageConfigFromEnv(env);
    const pool = createPgPool(config.postgres.url, { applicationName: 'ingest-events' });
    const clickhouse = await createClickHouse(config.clickhouse);
    await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    await migrate(pool, issueMigrations, { table: 'issue_migrations' });
    await migrate(pool, errorEventMigrations, { table: 'error_event_migrations' });
    await migrateClickHouse(clickhouse, errorsClickHouseMigrations, { table: 'errors_schema_migrations' });
    health.register({ name: 'postgres', check: async () => void (await pool.query('SELECT 1')) });
    health.register({ name: 'clickhouse', check: async () => void (await clickhouse.ping()) });
    return new EventResources(pool, clickhouse);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.pool.end(), this.clickhouse.close()]);
  }
}
