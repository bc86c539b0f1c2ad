import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { connectionFromEnv, createProducer, manifestWith, provisionTopics, TracingProducer, type MessageProducer } from '@issuestream/kafka';
import { errorEventMigrations, issueMigrations } from '@issuestream/issues-data';
import { HealthRegistry } from '@issuestream/observability';
import { createCodec, type SchemaCodec } from '@issuestream/schemas';
import { createPgPool, migrate, storageConfigFromEnv, TENANT_MIGRATIONS_TABLE, tenantMigrations, TenantStore } from '@issuestream/storage';
import { API_TOKEN_MIGRATIONS_TABLE, apiTokenMigrations, ApiTokenStore } from '@issuestream/api-tokens-data';
import { USER_REPORT_MIGRATIONS_TABLE, userReportMigrations, UserReportStore } from '@issuestream/user-reports-data';
import type { Pool } from 'pg';
import type { ApiConfig } from './config';

/**
 * Postgres (tenants, API tokens, user reports, the errors pipeline's events
 * for the reported-event lookup), the codec and a producer for outcomes and
 * shimmed feedback occurrences; opened before listening.
 */
@Injectable()
export class ApiResources implements OnApplicationShutdown {
  private constructor(
    readonly pool: Pool,
    readonly producer: MessageProducer,
    readonly codec: SchemaCodec,
    readonly tenants: TenantStore,
    readonly userReports: UserReportStore,
    readonly apiTokens: ApiTokenStore,
  ) {}

  static async open(config: ApiConfig, env: NodeJS.ProcessEnv, health: HealthRegistry): Promise<ApiResources> {
    const storage = storageConfigFromEnv(env);
    const pool = createPgPool(storage.postgres.url, { applicationName: 'api' });
    try {
      await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
      await migrate(pool, userReportMigrations, { table: USER_REPORT_MIGRATIONS_TABLE });
      await migrate(pool, apiTokenMigrations, { table: API_TOKEN_MIGRATIONS_TABLE });
      // The lookup reads error_events and nodestore; on a fresh database the api may start before ingest-events.
      await migrate(pool, issueMigrations, { table: 'issue_migrations' });
      await migrate(pool, errorEventMigrations, { table: 'error_event_migrations' });
      const connection = connectionFromEnv(config);
      await provisionTopics(connection, manifestWith(config.KAFKA_TOPIC_PARTITIONS, config.KAFKA_TOPIC_REPLICATION, [config.OUTCOMES_TOPIC, config.OCCURRENCES_TOPIC]));
      const producer = new TracingProducer(await createProducer(connection));
      health.register({ name: 'postgres', check: async () => void (await pool.query('SELECT 1')) });
      const tenants = new TenantStore(pool, { cacheTtlMs: config.TENANT_CACHE_TTL_MS });
      return new ApiResources(pool, producer, createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL }), tenants, new UserReportStore(pool), new ApiTokenStore(pool));
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.pool.end()]);
  }
}
