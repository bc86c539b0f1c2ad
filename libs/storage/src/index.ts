// Configuration
export {
  storageConfigFromEnv,
  storageEnvSchema,
  StorageConfigError,
  STORAGE_ENV_DEFAULTS,
  type StorageConfig,
  type StorageEnv,
} from './config/storage-config';

// Migrations shared by both runners
export type { Migration, AppliedMigration, MigrateResult } from './migrations/migration';
export {
  InvalidMigrationListError,
  MigrationChangedError,
  MigrationFailedError,
} from './migrations/migration-errors';
export { migrationChecksum } from './migrations/plan-migrations';

// Postgres
export { createPgPool, PG_POOL_DEFAULTS, type PgPoolOptions } from './postgres/create-pg-pool';
export { migrate, type PgMigrateOptions } from './postgres/migrate';
export { withTransaction, type TransactionOptions } from './postgres/with-transaction';
export { isTransientPgError } from './postgres/is-transient-pg-error';
export { writeIsolatingFailures } from './postgres/isolate-failures';

// Redis
export { createRedis, REDIS_DEFAULTS, type RedisClientOptions } from './redis/create-redis';
export { redisKey, type RedisKeyPart } from './redis/redis-key';
export { isTransientRedisError } from './redis/is-transient-redis-error';

// ClickHouse
export { createClickHouse, type ClickHouseConfig } from './clickhouse/create-clickhouse';
export {
  resolveChdbPath,
  CHDB_MEMORY_PATH,
  DEFAULT_CLICKHOUSE_DATABASE,
  DEFAULT_CLICKHOUSE_PATH,
} from './clickhouse/clickhouse-defaults';
export { ChdbOpenError } from './clickhouse/open-chdb-connection';
export { PINNED_CLICKHOUSE_SETTINGS } from './clickhouse/clickhouse-settings';
export {
  migrateClickHouse,
  type ClickHouseMigration,
  type ClickHouseMigrateOptions,
} from './clickhouse/migrate-clickhouse';
export { isTransientClickHouseError } from './clickhouse/is-transient-clickhouse-error';

// Tenants: organisations, projects, DSN keys, feature flags, options
export * from './tenants';
