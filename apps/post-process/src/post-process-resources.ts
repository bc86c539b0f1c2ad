import type { ClickHouseClient } from '@clickhouse/client';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { connectionFromEnv, createProducer, TracingProducer, type MessageProducer } from '@issuestream/kafka';
import { HealthRegistry } from '@issuestream/observability';
import { createCodec, type SchemaCodec } from '@issuestream/schemas';
import { createClickHouse, createPgPool, migrate, storageConfigFromEnv, TENANT_MIGRATIONS_TABLE, tenantMigrations, TenantStore } from '@issuestream/storage';
import type { Pool } from 'pg';
import type { PostProcessConfig } from './config';

/**
 * What every part of post-process shares: Postgres (with the tenant tables),
 * ClickHouse, the tenant store, the schema codec and one producer. Opened
 * before consuming starts, closed after the consumer committed its last
 * batch. Each stream module migrates its own tables.
 */
@Injectable()
export class PostProcessResources implements OnApplicationShutdown {
  private constructor(
    readonly pool: Pool,
    readonly clickhouse: ClickHouseClient,
    readonly tenants: TenantStore,
    readonly codec: SchemaCodec,
    readonly producer: MessageProducer,
  ) {}

  static async open(config: PostProcessConfig, env: NodeJS.ProcessEnv, health: HealthRegistry): Promise<PostProcessResources> {
    const storage = storageConfigFromEnv(env);
    const pool = createPgPool(storage.postgres.url, { applicationName: 'post-process' });
    try {
      await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
      const clickhouse = await createClickHouse(storage.clickhouse);
      const producer = new TracingProducer(await createProducer(connectionFromEnv(config)));
      health.register({ name: 'postgres', check: async () => void (await pool.query('SELECT 1')) });
      health.register({ name: 'clickhouse', check: async () => void (await clickhouse.ping()) });
      const tenants = new TenantStore(pool, { cacheTtlMs: config.TENANT_CACHE_TTL_MS });
      return new PostProcessResources(pool, clickhouse, tenants, createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL }), producer);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.pool.end(), this.clickhouse.close()]);
  }
}
