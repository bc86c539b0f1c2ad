import type { ClickHouseClient } from '@clickhouse/client';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_ATTACHMENT_MIGRATIONS_TABLE, eventAttachmentMigrations } from '@issuestream/attachments-data';
import { blobStoreConfigFromEnv, createBlobStore, type BlobStore } from '@issuestream/blob-store';
import { errorEventMigrations, errorsClickHouseMigrations, issueMigrations } from '@issuestream/issues-data';
import { HealthRegistry } from '@issuestream/observability';
import {
  createClickHouse, createPgPool, createRedis, migrate, migrateClickHouse, storageConfigFromEnv, TENANT_MIGRATIONS_TABLE, tenantMigrations,
} from '@issuestream/storage';
import { USER_REPORT_MIGRATIONS_TABLE, userReportMigrations } from '@issuestream/user-reports-data';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';

/**
 * The stores ingest-attachments writes to, migrated before consuming starts
 * and closed after the consumer committed its last batch. The issue and
 * error-event tables are the ones ingest-events uses (same migration lists
 * and history tables): this app stores the error events that carried attachments.
 */
@Injectable()
export class AttachmentResources implements OnApplicationShutdown {
  private constructor(
    readonly pool: Pool,
    readonly redis: Redis,
    readonly clickhouse: ClickHouseClient,
    readonly blobs: BlobStore,
  ) {}

  static async open(env: NodeJS.ProcessEnv, health: HealthRegistry): Promise<AttachmentResources> {
    const config = storageConfigFromEnv(env);
    const blobs = createBlobStore(blobStoreConfigFromEnv(env));
    const pool = createPgPool(config.postgres.url, { applicationName: 'ingest-attachments' });
    const redis = createRedis(config.redis.url, { connectionName: 'ingest-attachments' });
    const clickhouse = await createClickHouse(config.clickhouse);
    await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    await migrate(pool, issueMigrations, { table: 'issue_migrations' });
    await migrate(pool, errorEventMigrations, { table: 'error_event_migrations' });
    await migrate(pool, userReportMigrations, { table: USER_REPORT_MIGRATIONS_TABLE });
    await migrate(pool, eventAttachmentMigrations, { table: EVENT_ATTACHMENT_MIGRATIONS_TABLE });
    await migrateClickHouse(clickhouse, errorsClickHouseMigrations, { table: 'errors_schema_migrations' });
    health.register({ name: 'postgres', check: async () => void (await pool.query('SELECT 1')) });
    health.register({ name: 'redis', check: async () => void (await redis.ping()) });
    health.register({ name: 'clickhouse', check: async () => void (await clickhouse.ping()) });
    return new AttachmentResources(pool, redis, clickhouse, blobs);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.pool.end(), this.redis.quit(), this.clickhouse.close(), this.blobs.close()]);
  }
}
