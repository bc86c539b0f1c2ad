import type { ClickHouseClient } from '@clickhouse/client';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry } from '@issuestream/observability';
import { createClickHouse, createPgPool, createRedis, migrate, migrateClickHouse, storageConfigFromEnv, TENANT_MIGRATIONS_TABLE, tenantMigrations } from '@issuestream/storage';
import { issueMigrations, searchIssuesMigrations } from '@issuestream/issues-data';
import { EVENT_ATTACHMENT_MIGRATIONS_TABLE, eventAttachmentMigrations } from '@issuestream/attachments-data';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';

/**
 * The stores this consumer writes to, migrated before consuming starts and
 * closed after the consumer has committed its last batch (Nest runs
 * application-shutdown hooks after the consumer's before-shutdown hook).
 */
@Injectable()
export class IngestResources implements OnApplicationShutdown {
  private constructor(
    readonly pool: Pool,
    readonly redis: Redis,
    readonly clickhouse: ClickHouseClient,
  ) {}

  static async open(env: NodeJS.ProcessEnv, health: HealthRegistry): Promise<IngestResources> {
    const config = storageConfigFromEnv(env);
    const pool = createPgPool(config.postgres.url, { applicationName: 'ingest-occurrences' });
    const redis = createRedis(config.redis.url, { connectionName: 'ingest-occurrences' });
    const clickhouse = await createClickHouse(config.clickhouse);
    await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    await migrate(pool, issueMigrations, { table: 'issue_migrations' });
    // Feedback screenshots that arrived before their feedback are linked to it here (OccurrenceAttachmentLinker).
    await migrate(pool, eventAttachmentMigrations, { table: EVENT_ATTACHMENT_MIGRATIONS_TABLE });
    await migrateClickHouse(clickhouse, searchIssuesMigrations, { table: 'issue_schema_migrations' });
    health.register({ name: 'postgres', check: async () => void (await pool.query('SELECT 1')) });
    health.register({ name: 'redis', check: async () => void (await redis.ping()) });
    health.register({ name: 'clickhouse', check: async () => void (await clickhouse.ping()) });
    return new IngestResources(pool, redis, clickhouse);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.pool.end(), this.redis.quit(), this.clickhouse.close()]);
  }
}
