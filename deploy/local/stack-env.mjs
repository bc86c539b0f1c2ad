// Connection settings of the local stack, for any script that needs them.
// Deliberately dependency-free so importing it never loads kafkajs/pg/ioredis.

const DEFAULT_PORTS = {
  STACK_KAFKA_PORT: 9092,
  STACK_KAFKA_CONTROLLER_PORT: 9093,
  STACK_REGISTRY_PORT: 8081,
  STACK_POSTGRES_PORT: 5432,
  STACK_REDIS_PORT: 6379,
  // S3Mock's own default (9090) is a common Prometheus port; 9190 is rarely taken.
  STACK_S3MOCK_PORT: 9190,
  STACK_SMTP_PORT: 2525,
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
    s3mock: stackPort('STACK_S3MOCK_PORT', env),
    smtp: stackPort('STACK_SMTP_PORT', env),
  };
}

export const DATABASES = {
  app: 'issuestream',
  test: 'issuestream_test',
  registry: 'issuestream_registry',
};

/** The bucket S3Mock creates at start; also libs/blob-store's default S3_BUCKET. */
export const S3_BUCKET = 'issuestream-blobs';

export function stackEnv(env = process.env) {
  const p = stackPorts(env);
  const pg = `postgres://postgres@${STACK_HOST}:${p.postgres}`;
  return {
    KAFKA_BROKERS: `${STACK_HOST}:${p.kafka}`,
    SCHEMA_REGISTRY_URL: `http://${STACK_HOST}:${p.registry}/apis/ccompat/v7`,
    DATABASE_URL: `${pg}/${DATABASES.app}`,
    TEST_DATABASE_URL: `${pg}/${DATABASES.test}`,
    REDIS_URL: `redis://${STACK_HOST}:${p.redis}/0`,
    // Only the S3 backend's tests use it; apps keep the filesystem blob store
    // unless BLOB_STORE=s3 and S3_ENDPOINT say otherwise.
    TEST_S3_ENDPOINT: `http://${STACK_HOST}:${p.s3mock}`,
    // The stack's mail server (deploy/local/mail-server.mjs), which keeps every message in .stack/mail.
    SMTP_URL: `smtp://${STACK_HOST}:${p.smtp}`,
  };
}

export default stackEnv;
