import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  connectionFromEnv, createProducer, LingeringProducer, manifestWith, provisionTopics, TracingProducer, withConfigsOf, type MessageProducer, type TopicSpec,
} from '@issuestream/kafka';
import { createLogger, HealthRegistry } from '@issuestream/observability';
import { createCodec, type SchemaCodec } from '@issuestream/schemas';
import { HeartbeatRecorder } from '@issuestream/sdk-heartbeat';
import { createPgPool, createRedis, migrate, storageConfigFromEnv, TENANT_MIGRATIONS_TABLE, tenantMigrations, TenantStore } from '@issuestream/storage';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { RelayConfig } from './config';

/**
 * The manifest plus the output topics when a deployment (or a test) renames them; a renamed attachments
 * topic keeps ingest-attachments' configs, so the broker stores its uncompressed batches as they are.
 */
export function relayTopics(config: RelayConfig): TopicSpec[] {
  const topics = manifestWith(config.KAFKA_TOPIC_PARTITIONS, config.KAFKA_TOPIC_REPLICATION, [config.FEEDBACK_TOPIC, config.ATTACHMENTS_TOPIC, config.EVENTS_TOPIC, config.OUTCOMES_TOPIC]);
  return withConfigsOf(topics, config.ATTACHMENTS_TOPIC, 'ingest-attachments');
}

/** Postgres (tenants), Redis (rate limits, SDK heartbeats), the codec and an idempotent producer; opened before listening. */
@Injectable()
export class RelayResources implements OnApplicationShutdown {
  private constructor(
    readonly pool: Pool,
    readonly redis: Redis,
    readonly producer: MessageProducer,
    readonly codec: SchemaCodec,
    readonly tenants: TenantStore,
    readonly heartbeats: HeartbeatRecorder,
  ) {}

  static async open(config: RelayConfig, env: NodeJS.ProcessEnv, health: HealthRegistry): Promise<RelayResources> {
    const storage = storageConfigFromEnv(env);
    const pool = createPgPool(storage.postgres.url, { applicationName: 'relay' });
    const redis = createRedis(storage.redis.url, { connectionName: 'relay' });
    try {
      await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
      const connection = connectionFromEnv(config);
      await provisionTopics(connection, relayTopics(config));
      // Requests arrive concurrently; lingering briefly turns their sends into shared produce requests.
      // Outside the lingering: each request's send is its own span, and its messages carry that span's trace.
      // Attachment bytes go uncompressed (see topicConfigs['ingest-attachments']).
      const kafka = await createProducer(connection, { uncompressedTopics: [config.ATTACHMENTS_TOPIC] });
      const producer = new TracingProducer(new LingeringProducer(kafka, config.RELAY_PRODUCE_LINGER_MS));
      const codec = createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL });
      health.register({ name: 'postgres', check: async () => void (await pool.query('SELECT 1')) });
      health.register({ name: 'redis', check: async () => void (await redis.ping()) });
      const heartbeats = new HeartbeatRecorder(redis, {
        flushIntervalMs: config.SDK_HEARTBEAT_FLUSH_MS,
        retentionMs: config.SDK_HEARTBEAT_RETENTION_DAYS * 24 * 60 * 60 * 1000,
        onFlushError: (error) => createLogger('relay').warn('sdk heartbeat flush failed', { error: String(error) }),
      });
      heartbeats.start();
      return new RelayResources(pool, redis, producer, codec, new TenantStore(pool, { cacheTtlMs: config.TENANT_CACHE_TTL_MS }), heartbeats);
    } catch (error) {
      await Promise.allSettled([pool.end(), redis.quit()]);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.heartbeats.close();
    await Promise.allSettled([this.producer.disconnect(), this.pool.end(), this.redis.quit()]);
  }
}
