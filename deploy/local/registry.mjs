// Apicurio Registry 3.x (Quarkus jar) with its storage in the local PostgreSQL;
// clients use its Confluent-compatible API under /apis/ccompat/v7.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StackError } from './config.mjs';
import { ownerTag, spawnDetached } from './process.mjs';

/** 3.0.x is built for Java 17; later 3.x releases are built for Java 21. */
export function registryJavaMajor(version) {
  const [major, minor] = version.split('.').map(Number);
  return major === 3 && minor === 0 ? 17 : 21;
}

/** Quarkus fast-jar (3.1+) starts from quarkus-run.jar; the 3.0.x archive ships a *-runner.jar. */
function launcherJar(home) {
  if (existsSync(join(home, 'quarkus-run.jar'))) return join(home, 'quarkus-run.jar');
  const runner = readdirSync(home).find((f) => f.endsWith('-runner.jar'));
  if (!runner)
    throw new StackError(
      `no quarkus-run.jar or *-runner.jar in ${home}; delete it and run up again`,
    );
  return join(home, runner);
}

function registryEnv(cfg) {
  const pg = cfg.postgres;
  const work = join(cfg.dirs.tmp, 'registry');
  mkdirSync(work, { recursive: true });
  return {
    ...process.env,
    // Storage: SQL on PostgreSQL, so artifacts survive restarts.
    APICURIO_STORAGE_KIND: 'sql',
    APICURIO_STORAGE_SQL_KIND: 'postgresql',
    APICURIO_DATASOURCE_URL: `jdbc:postgresql://${pg.host}:${pg.port}/${pg.databases.registry}`,
    APICURIO_DATASOURCE_USERNAME: pg.user,
    APICURIO_DATASOURCE_PASSWORD: '',
    // The default pool holds 20 idle connections; the machine's Postgres is shared with tests.
    APICURIO_DATASOURCE_JDBC_INITIAL_SIZE: '2',
    APICURIO_DATASOURCE_JDBC_MIN_SIZE: '2',
    APICURIO_DATASOURCE_JDBC_MAX_SIZE: '10',
    APICURIO_STORAGE_SNAPSHOT_LOCATION: work,
    APICURIO_IMPORT_WORK_DIR: work,
    // Loopback only, no auth.
    QUARKUS_HTTP_HOST: cfg.host,
    QUARKUS_HTTP_PORT: String(cfg.registry.port),
    QUARKUS_OIDC_TENANT_ENABLED: 'false',
    APICURIO_AUTHN_BASIC_CLIENT_CREDENTIALS_ENABLED: 'false',
    APICURIO_AUTH_ROLE_BASED_AUTHORIZATION: 'false',
    // Newer 3.x open a management port (default 0.0.0.0:9000); keep it on loopback, off ClickHouse's 9000.
    QUARKUS_MANAGEMENT_HOST: cfg.host,
    QUARKUS_MANAGEMENT_PORT: String(cfg.registry.port + 1000),
    // Confluent's default is BACKWARD; without this Apicurio checks nothing unless a subject is configured.
    APICURIO_RULES_GLOBAL_COMPATIBILITY: 'BACKWARD',
    // Every health/readiness poll and test request would otherwise be logged.
    QUARKUS_HTTP_ACCESS_LOG_ENABLED: 'false',
  };
}

export function startRegistry(cfg) {
  const jar = launcherJar(cfg.registry.home);
  cfg.log(
    `registry: starting Apicurio Registry ${cfg.registry.version} on http://${cfg.host}:${cfg.registry.port} (storage: postgresql/${cfg.postgres.databases.registry})`,
  );
  return spawnDetached({
    command: 'java',
    args: [
      `-Xmx${cfg.registry.heap}`,
      '-XX:+UseSerialGC',
      `-Djava.io.tmpdir=${join(cfg.dirs.tmp, 'registry')}`,
      ownerTag('registry', cfg.stackDir),
      '-jar',
      jar,
    ],
    cwd: cfg.registry.home,
    env: registryEnv(cfg),
    logFile: cfg.registry.logFile,
    pidFile: cfg.registry.pidFile,
  });
}

async function request(url, init = {}) {
  return fetch(url, { ...init, signal: AbortSignal.timeout(3000) });
}

export async function probeRegistry(cfg) {
  try {
    const res = await request(`${cfg.registry.url}/subjects`);
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * The env default above is enforced, but ccompat's GET /config still answers
 * NONE until a global level is stored. Store BACKWARD once per fresh registry
 * database (the marker goes away with `reset`), so a later deliberate change is kept.
 */
export async function initRegistryConfig(cfg) {
  const marker = join(cfg.registry.dataDir, 'global-compatibility-set');
  if (existsSync(marker)) return;
  const res = await request(`${cfg.registry.url}/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ compatibility: 'BACKWARD' }),
  });
  const body = await res.text();
  if (!res.ok)
    throw new StackError(`registry: PUT /config failed with ${res.status}: ${body}`, {
      service: 'registry',
      logFile: cfg.registry.logFile,
    });
  mkdirSync(cfg.registry.dataDir, { recursive: true });
  writeFileSync(marker, `${new Date().toISOString()} ${body}\n`);
  cfg.log('registry: global compatibility set to BACKWARD');
}
