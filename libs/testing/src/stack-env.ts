/** Connection settings of the local stack as tests see them; CI and developers may override each. */
export function testStackEnv() {
  const env = process.env;
  return {
    kafkaBrokers: (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
    schemaRegistryUrl: env['SCHEMA_REGISTRY_URL'] ?? 'http://127.0.0.1:8081/apis/ccompat/v7',
    databaseUrl: env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream_test',
    redisUrl: env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/0',
  };
}
