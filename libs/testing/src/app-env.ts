import { testStackEnv } from './stack-env';

/**
 * The environment an app under test gets: the stack's connection settings,
 * the test database, and consumer timings short enough that tests wait
 * milliseconds, not seconds. Tests add their own topics, groups and ports.
 */
export function testAppEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const stack = testStackEnv();
  return {
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl,
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL: stack.redisUrl,
    KAFKA_BATCH_MAX_WAIT_MS: '100',
    KAFKA_COMMIT_INTERVAL_MS: '200',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    TENANT_CACHE_TTL_MS: '0',
    HTTP_HOST: '127.0.0.1',
    ...overrides,
  };
}
