// Paths, ports, versions and knobs of the local stack, all derived from the
// environment once so every module agrees on them.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATABASES, S3_BUCKET, STACK_HOST, stackPorts } from './stack-env.mjs';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '..', '..');
export const POM = join(HERE, 'pom.xml');

export class StackError extends Error {
  constructor(message, { service, logFile, hint } = {}) {
    super(message);
    this.name = 'StackError';
    this.service = service;
    this.logFile = logFile;
    this.hint = hint;
  }
}

const requireFromRepo = createRequire(join(REPO_ROOT, 'package.json'));

/** Loads one of the repo's npm dependencies; a missing one means `npm install` has not run, which is not a service failure. */
export function requireDependency(name) {
  try {
    return requireFromRepo(name);
  } catch (error) {
    if (error?.code !== 'MODULE_NOT_FOUND') throw error;
    throw new StackError(`the npm package "${name}" is not installed in ${REPO_ROOT}`, {
      hint: 'run `npm install` first (the README commands `npm start` and `npm test` do it for you)',
    });
  }
}

/** The pom is the single place where versions are pinned; docker-compose.yml mirrors it by hand. */
function pinnedVersions() {
  const pom = readFileSync(POM, 'utf8');
  const prop = (name) => {
    const m = pom.match(
      new RegExp(`<${name.replace('.', '\\.')}>([^<]+)</${name.replace('.', '\\.')}>`),
    );
    if (!m) throw new StackError(`${POM} has no <${name}> property`);
    return m[1].trim();
  };
  return {
    kafka: prop('kafka.version'),
    apicurio: prop('apicurio.version'),
    s3mock: prop('s3mock.version'),
  };
}

function positiveNumber(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new StackError(`${name}=${raw} must be a positive number`);
  return n;
}

const realPath = (path) => (existsSync(path) ? realpathSync(path) : path);

export function loadConfig(env = process.env) {
  // Real path: git worktrees share one stack through a `.stack` symlink, and
  // every checkout must name it alike, since the owner tag on each JVM holds it.
  const stackDir = realPath(resolve(REPO_ROOT, env.STACK_DIR || '.stack'));
  const ports = stackPorts(env);
  const versions = pinnedVersions();
  const dir = (...p) => join(stackDir, ...p);
  return {
    env,
    host: STACK_HOST,
    stackDir,
    dirs: {
      m2: dir('m2'),
      lib: dir('lib'),
      data: dir('data'),
      logs: dir('logs'),
      run: dir('run'),
      conf: dir('conf'),
      tmp: dir('tmp'),
    },
    timeoutMs: positiveNumber(env, 'STACK_TIMEOUT_SECONDS', 180) * 1000,
    stopTimeoutMs: positiveNumber(env, 'STACK_STOP_TIMEOUT_SECONDS', 30) * 1000,
    kafka: {
      version: versions.kafka,
      port: ports.kafka,
      controllerPort: ports.kafkaController,
      heap: env.STACK_KAFKA_HEAP || '1g',
      home: dir('lib', `kafka-${versions.kafka}`),
      dataDir: dir('data', 'kafka'),
      confDir: dir('conf', 'kafka'),
      logFile: dir('logs', 'kafka.log'),
      pidFile: dir('run', 'kafka.pid'),
    },
    registry: {
      version: versions.apicurio,
      port: ports.registry,
      heap: env.STACK_REGISTRY_HEAP || '512m',
      home: dir('lib', `apicurio-registry-${versions.apicurio}`),
      dataDir: dir('data', 'registry'),
      logFile: dir('logs', 'registry.log'),
      pidFile: dir('run', 'registry.pid'),
      url: `http://${STACK_HOST}:${ports.registry}/apis/ccompat/v7`,
    },
    s3mock: {
      version: versions.s3mock,
      port: ports.s3mock,
      heap: env.STACK_S3MOCK_HEAP || '256m',
      bucket: S3_BUCKET,
      dataDir: dir('data', 's3mock'),
      logFile: dir('logs', 's3mock.log'),
      pidFile: dir('run', 's3mock.pid'),
      url: `http://${STACK_HOST}:${ports.s3mock}`,
    },
    smtp: {
      port: ports.smtp,
      dir: dir('mail'),
      logFile: dir('logs', 'smtp.log'),
      pidFile: dir('run', 'smtp.pid'),
      url: `smtp://${STACK_HOST}:${ports.smtp}`,
    },
    postgres: { host: STACK_HOST, port: ports.postgres, user: 'postgres', databases: DATABASES },
    redis: { host: STACK_HOST, port: ports.redis, db: 0 },
    // Same default as libs/blob-store; `reset` empties it along with the databases that name its blobs.
    blobs: { path: resolve(REPO_ROOT, env.BLOB_STORE_PATH || '.stack/blobs') },
    clickhouse: {
      url: env.CLICKHOUSE_URL || '',
      // Same default as libs/storage (CLICKHOUSE_PATH is resolved against the repo root there too).
      path: resolve(REPO_ROOT, env.CLICKHOUSE_PATH || '.stack/data/clickhouse'),
    },
  };
}
