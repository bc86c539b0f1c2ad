// The machine's own PostgreSQL and Redis. The stack may start them when they
// are down, but never stops them: other work on this machine uses them too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StackError, requireDependency } from './config.mjs';
import { portOpen, run } from './process.mjs';

// ---------------------------------------------------------------- PostgreSQL

async function withPg(cfg, database, fn) {
  const { Client } = requireDependency('pg');
  const { host, port, user } = cfg.postgres;
  const client = new Client({ host, port, user, database, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function probePostgres(cfg) {
  try {
    return await withPg(
      cfg,
      'postgres',
      async (c) => (await c.query('SELECT 1 AS ok')).rows[0].ok === 1,
    );
  } catch (error) {
    if (error instanceof StackError) throw error;
    return false;
  }
}

export async function startPostgres(cfg) {
  if (await portOpen(cfg.postgres.port)) return; // up but not answering yet (or refusing us): let the wait report it
  const versions = existsSync('/etc/postgresql')
    ? readdirSync('/etc/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length || spawnSync('which', ['pg_ctlcluster']).status !== 0) {
    throw new StackError(
      `PostgreSQL is not answering on ${cfg.postgres.host}:${cfg.postgres.port} and no local cluster was found to start`,
      {
        service: 'postgres',
        hint: 'install PostgreSQL 15 (apt-get install postgresql-15) or start yours and set STACK_POSTGRES_PORT',
      },
    );
  }
  cfg.log(`postgres: not answering; starting cluster ${versions[0]}/main with pg_ctlcluster`);
  const { code, output } = await run('pg_ctlcluster', [
    '--skip-systemctl-redirect',
    versions[0],
    'main',
    'start',
  ]);
  if (code !== 0) throw new StackError(`pg_ctlcluster failed:\n${output}`, { service: 'postgres' });
}

export async function ensureDatabases(cfg, names = Object.values(cfg.postgres.databases)) {
  await withPg(cfg, 'postgres', async (c) => {
    for (const name of names) {
      const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount) continue;
      try {
        await c.query(`CREATE DATABASE "${name}"`);
        cfg.log(`postgres: created database ${name}`);
      } catch (err) {
        // Someone else created it between our check and CREATE.
        if (err.code !== '42P04' && err.code !== '23505') throw err;
      }
    }
  });
}

/** FORCE disconnects whoever still uses them (PostgreSQL 13+); reset is meant to be destructive. */
export async function recreateDatabases(cfg, names) {
  await withPg(cfg, 'postgres', async (c) => {
    for (const name of names) {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      cfg.log(`postgres: dropped database ${name}`);
    }
  });
  await ensureDatabases(cfg, names);
}

/** Pid and log file of the server, for the status table. */
export async function postgresInfo(cfg) {
  try {
    return await withPg(cfg, 'postgres', async (c) => {
      const dataDir = (await c.query('SHOW data_directory')).rows[0].data_directory;
      let pid = '';
      try {
        pid = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0];
      } catch {
        /* not readable as this user */
      }
      // Debian layout: /var/lib/postgresql/<ver>/<cluster> logs to /var/log/postgresql/postgresql-<ver>-<cluster>.log
      const m = dataDir.match(/postgresql\/([^/]+)\/([^/]+)\/?$/);
      const log = m ? `/var/log/postgresql/postgresql-${m[1]}-${m[2]}.log` : '';
      return { pid, log: existsSync(log) ? log : '' };
    });
  } catch {
    return { pid: '', log: '' };
  }
}

// --------------------------------------------------------------------- Redis

function redisClient(cfg) {
  const Redis = requireDependency('ioredis');
  return new Redis({
    host: cfg.redis.host,
    port: cfg.redis.port,
    db: cfg.redis.db,
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
}

async function withRedis(cfg, fn) {
  const redis = redisClient(cfg);
  redis.on('error', () => {}); // failures surface through the awaited calls
  try {
    await redis.connect();
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}

export async function probeRedis(cfg) {
  try {
    return await withRedis(cfg, async (r) => (await r.ping()) === 'PONG');
  } catch (error) {
    if (error instanceof StackError) throw error;
    return false;
  }
}

export async function startRedis(cfg) {
  if (await portOpen(cfg.redis.port)) return;
  if (spawnSync('which', ['redis-server']).status !== 0) {
    throw new StackError(
      `Redis is not answering on ${cfg.redis.host}:${cfg.redis.port} and redis-server is not installed`,
      {
        service: 'redis',
        hint: 'install Redis 7 (apt-get install redis-server) or start yours and set STACK_REDIS_PORT',
      },
    );
  }
  cfg.log(`redis: not answering; starting redis-server on ${cfg.redis.host}:${cfg.redis.port}`);
  mkdirSync('/var/lib/redis', { recursive: true });
  mkdirSync('/var/log/redis', { recursive: true });
  const { code, output } = await run('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '-::1',
    '--port',
    String(cfg.redis.port),
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    '/var/lib/redis',
    '--logfile',
    '/var/log/redis/ci.log',
  ]);
  if (code !== 0)
    throw new StackError(`redis-server failed to start:\n${output}`, { service: 'redis' });
}

export async function flushRedis(cfg) {
  await withRedis(cfg, (r) => r.flushdb());
  cfg.log(`redis: flushed database ${cfg.redis.db}`);
}

export async function redisInfo(cfg) {
  try {
    return await withRedis(cfg, async (r) => {
      const info = await r.info('server');
      const pid = info.match(/process_id:(\d+)/)?.[1] ?? '';
      const version = info.match(/redis_version:([^\r\n]+)/)?.[1] ?? '';
      const log = await r
        .config('GET', 'logfile')
        .then((v) => v[1] || '(stdout)')
        .catch(() => '');
      return { pid, version, log };
    });
  } catch {
    return { pid: '', version: '', log: '' };
  }
}

// ---------------------------------------------------------------- ClickHouse

/** Not a stack process: embedded chDB unless CLICKHOUSE_URL points at a server. */
export async function clickhouseStatus(cfg) {
  if (!cfg.clickhouse.url)
    return { up: true, line: `clickhouse: embedded (chDB) at ${cfg.clickhouse.path}` };
  let base;
  try {
    base = new URL(cfg.clickhouse.url);
  } catch {
    return { up: false, line: `clickhouse: CLICKHOUSE_URL is not a URL` };
  }
  const shown = base.origin; // never echo credentials
  try {
    const res = await fetch(new URL('/ping', base.origin), { signal: AbortSignal.timeout(3000) });
    await res.arrayBuffer();
    return {
      up: res.ok,
      line: `clickhouse: ${res.ok ? 'up' : `HTTP ${res.status}`} at ${shown} (GET /ping)`,
    };
  } catch (err) {
    return {
      up: false,
      line: `clickhouse: DOWN at ${shown} (${err.cause?.code ?? err.cause?.message ?? err.message})`,
    };
  }
}
