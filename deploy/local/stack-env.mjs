// Connection settings of the local stack, for any script that needs them.
// Deliberately dependency-free so importing it never loads kafkajs/pg/ioredis.

const DEFAULT_PORTS = {
  STACK_KAFKA_PORT: 9092,
  STACK_KAFKA_CONTROLLER_PORT: 9093,
  STACK_REGISTRY_PORT: 8081,
  STACK_POSTGRES_PORT: 5432,
  STACK_REDIS_PORT: 6379,
};

export const STACK_HOST = '127.0.0.1';

/** Reads one STACK_*_PORT variable; a typo should fail loudly, not fall back silently. */
export function stackPort(name, env = process.env) {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return DEFAULT_PORTS[name];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}=${raw} is not a valid TCP port`);
  }
  return port;
}

export function stackPorts(env = process.env) {
  return {
    kafka: stackPort('STACK_KAFKA_PORT', env),
    kafkaController: stackPort('STACK_KAFKA_CONTROLLER_PORT', env),
    registry: stackPort('STACK_REGISTRY_PORT', env),
    postgres: stackPort('STACK_POSTGRES_PORT', env),
    redis: stackPort('STACK_REDIS_PORT', env),
  };
}

export const DATABASES = {
  app: 'issuestream',
  test: 'issuestream_test',
  registry: 'issuestream_registry',
};

export function stackEnv(env = process.env) {
  const p = stackPorts(env);
  const pg = `postgres://postgres@${STACK_HOST}:${p.postgres}`;
  return {
    KAFKA_BROKERS: `${STACK_HOST}:${p.kafka}`,
    SCHEMA_REGISTRY_URL: `http://${STACK_HOST}:${p.registry}/apis/ccompat/v7`,
    DATABASE_URL: `${pg}/${DATABASES.app}`,
    TEST_DATABASE_URL: `${pg}/${DATABASES.test}`,
    REDIS_URL: `redis://${STACK_HOST}:${p.redis}/0`,
  };
}

export default stackEnv;
