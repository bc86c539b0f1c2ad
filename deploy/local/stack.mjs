#!/usr/bin/env node
// Local stack: Kafka (KRaft), Apicurio Registry, S3Mock and an SMTP server started
// from .stack/, plus the machine's PostgreSQL and Redis. CLI: `npm run stack -- up|down|status|logs [service]|reset`.
// Also imported by the test runner: `const { up } = await import('./deploy/local/stack.mjs')`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, StackError, loadConfig } from './config.mjs';
import { ensureKafka, ensureRegistry, ensureS3Mock, requireJava } from './artifacts.mjs';
import { probeKafka, startKafka, warmUpKafka } from './kafka.mjs';
import {
  initRegistryConfig,
  probeRegistry,
  registryJavaMajor,
  startRegistry,
} from './registry.mjs';
import {
  clickhouseStatus,
  ensureDatabases,
  flushRedis,
  postgresInfo,
  probePostgres,
  probeRedis,
  recreateDatabases,
  redisInfo,
  startPostgres,
  startRedis,
} from './local-services.mjs';
import { probeS3Mock, startS3Mock } from './s3mock.mjs';
import { probeSmtp, startSmtp } from './smtp.mjs';
import { ownedPid, ownerTag, portOpen, stopProcess, waitUntilReady, withLock } from './process.mjs';
import { stackEnv } from './stack-env.mjs';

export { stackEnv } from './stack-env.mjs';
export { StackError } from './config.mjs';

const SERVICES = ['kafka', 'registry', 's3mock', 'smtp', 'postgres', 'redis'];
/** Services that need a JVM (the SMTP server is a node process). */
const JVM_SERVICES = new Set(['kafka', 'registry', 's3mock']);
const defaultLog = (msg) => console.log(`[stack] ${msg}`);

function setup(opts = {}) {
  const cfg = loadConfig(opts.env ?? process.env);
  cfg.log = opts.log ?? defaultLog;
  for (const d of Object.values(cfg.dirs)) mkdirSync(d, { recursive: true });
  return cfg;
}

const lockFile = (cfg) => join(cfg.dirs.run, 'stack.lock');
/** Whether an existing path lies in the stack dir, also when reached through a `.stack` symlink. */
const insideStack = (cfg, path) =>
  existsSync(path) && realpathSync(path).startsWith(cfg.stackDir + sep);
const show = (p) => (p.startsWith(REPO_ROOT + sep) ? relative(REPO_ROOT, p) : p);

/** The services we start (JVMs and the SMTP server), described uniformly for up/down/status. */
function managed(cfg) {
  return {
    kafka: {
      ...cfg.kafka,
      tag: ownerTag('kafka', cfg.stackDir),
      address: `${cfg.host}:${cfg.kafka.port}`,
      ports: [
        [cfg.kafka.port, 'STACK_KAFKA_PORT'],
        [cfg.kafka.controllerPort, 'STACK_KAFKA_CONTROLLER_PORT'],
      ],
      probe: () => probeKafka(cfg),
    },
    registry: {
      ...cfg.registry,
      tag: ownerTag('registry', cfg.stackDir),
      address: cfg.registry.url,
      ports: [[cfg.registry.port, 'STACK_REGISTRY_PORT']],
      probe: () => probeRegistry(cfg),
    },
    s3mock: {
      ...cfg.s3mock,
      tag: ownerTag('s3mock', cfg.stackDir),
      address: cfg.s3mock.url,
      ports: [[cfg.s3mock.port, 'STACK_S3MOCK_PORT']],
      probe: () => probeS3Mock(cfg),
    },
    smtp: {
      ...cfg.smtp,
      tag: ownerTag('smtp', cfg.stackDir),
      address: cfg.smtp.url,
      ports: [[cfg.smtp.port, 'STACK_SMTP_PORT']],
      probe: () => probeSmtp(cfg),
    },
  };
}

/** The Java each JVM service needs, and why (for the error message). */
function javaNeed(cfg, name) {
  if (name === 'registry')
    return [registryJavaMajor(cfg.registry.version), `Apicurio Registry ${cfg.registry.version}`];
  if (name === 's3mock') return [17, `S3Mock ${cfg.s3mock.version}`];
  return [17, `Kafka ${cfg.kafka.version}`];
}

/** Starts one service whose artifacts are in place; returns its pid. */
async function startService(cfg, name) {
  if (name === 'kafka') return startKafka(cfg);
  if (name === 'registry') return startRegistry(cfg);
  if (name === 'smtp') return startSmtp(cfg);
  return startS3Mock(cfg);
}

/** Ports of services we are about to start; reports every conflict at once. */
async function assertPortsFree(svcs) {
  const taken = [];
  for (const [name, svc] of svcs) {
    for (const [port, variable] of svc.ports) {
      if (await portOpen(port))
        taken.push(
          `port ${port} is in use by another process; set ${variable} (needed by ${name})`,
        );
    }
  }
  if (taken.length) throw new StackError(taken.join('\n[stack] ERROR: '));
}

/** Starts Postgres/Redis only if they do not answer; they are the machine's and are never stopped by us. */
async function ensureMachineServices(cfg) {
  const specs = [
    [
      'postgres',
      () => probePostgres(cfg),
      () => startPostgres(cfg),
      `${cfg.host}:${cfg.postgres.port}`,
    ],
    ['redis', () => probeRedis(cfg), () => startRedis(cfg), `${cfg.host}:${cfg.redis.port}`],
  ];
  await Promise.all(
    specs.map(async ([name, probe, start, address]) => {
      if (await probe()) return;
      await start();
      await waitUntilReady({ service: name, probe, deadline: Date.now() + cfg.timeoutMs });
      cfg.log(`${name}: answering on ${address}`);
    }),
  );
}

async function doUp(cfg) {
  const svcs = managed(cfg);
  const toStart = [];
  for (const [name, svc] of Object.entries(svcs)) {
    svc.pid = ownedPid(svc.pidFile, svc.tag);
    if (svc.pid) cfg.log(`${name}: already running (pid ${svc.pid})`);
    else toStart.push(name);
  }
  await assertPortsFree(toStart.map((n) => [n, svcs[n]]));

  const jvms = toStart.filter((n) => JVM_SERVICES.has(n));
  if (jvms.length) {
    const needs = jvms.map((n) => javaNeed(cfg, n));
    const [major, why] = needs.reduce((a, b) => (b[0] > a[0] ? b : a));
    requireJava(major, why);
  }

  // Downloads (first run only) overlap with bringing up the machine services.
  // Maven 3.8 does not lock its local repository, so the two fetches run one after the other.
  await Promise.all([
    (async () => {
      if (toStart.includes('kafka')) await ensureKafka(cfg);
      if (toStart.includes('registry')) await ensureRegistry(cfg);
      if (toStart.includes('s3mock')) await ensureS3Mock(cfg);
    })(),
    ensureMachineServices(cfg).then(() => ensureDatabases(cfg)),
  ]);

  for (const name of toStart) svcs[name].pid = await startService(cfg, name);

  if (toStart.length)
    cfg.log(`waiting for ${toStart.join(', ')} to answer (timeout ${cfg.timeoutMs / 1000}s)...`);
  const deadline = Date.now() + cfg.timeoutMs;
  // Already-running ones are waited for too: they may still be starting from an interrupted `up`.
  const results = await Promise.allSettled(
    Object.entries(svcs).map(async ([name, svc]) => {
      const t0 = Date.now();
      await waitUntilReady({
        service: name,
        probe: svc.probe,
        deadline,
        pid: svc.pid,
        logFile: svc.logFile,
      });
      if (toStart.includes(name))
        cfg.log(`${name}: ready after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    }),
  );
  const failed = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
  if (failed.length === 1) throw failed[0];
  if (failed.length) throw new StackError(failed.map((e) => e.message).join('\n\n[stack] ERROR: '));
  if (toStart.includes('kafka')) await warmUpKafka(cfg);
  await initRegistryConfig(cfg);
}

async function doDown(cfg) {
  for (const [name, svc] of Object.entries(managed(cfg)).reverse()) {
    const pid = ownedPid(svc.pidFile, svc.tag);
    if (!pid) {
      cfg.log(`${name}: not running`);
      continue;
    }
    cfg.log(`${name}: stopping pid ${pid}...`);
    await stopProcess(pid, cfg.stopTimeoutMs, cfg.log);
    rmSync(svc.pidFile, { force: true });
    cfg.log(`${name}: stopped`);
  }
  cfg.log('postgres, redis: left running (machine services)');
}

async function collectStatus(cfg) {
  const svcs = managed(cfg);
  const ownRow = async (name) => {
    const svc = svcs[name];
    const pid = ownedPid(svc.pidFile, svc.tag);
    let status;
    if (pid) status = (await svc.probe()) ? 'up' : 'starting/not answering';
    else
      status = (await portOpen(svc.ports[0][0]))
        ? `port ${svc.ports[0][0]} taken by another process`
        : 'down';
    return { service: name, status, address: svc.address, pid: pid ?? '', log: show(svc.logFile) };
  };
  const [kafka, registry, s3mock, smtp, postgres, redis, clickhouse] = await Promise.all([
    ownRow('kafka'),
    ownRow('registry'),
    ownRow('s3mock'),
    ownRow('smtp'),
    (async () => {
      const ok = await probePostgres(cfg);
      const info = ok ? await postgresInfo(cfg) : { pid: '', log: '' };
      return {
        service: 'postgres',
        status: ok ? 'up' : 'down',
        address: `${cfg.host}:${cfg.postgres.port}`,
        pid: info.pid ? `${info.pid} (machine)` : '',
        log: info.log,
      };
    })(),
    (async () => {
      const ok = await probeRedis(cfg);
      const info = ok ? await redisInfo(cfg) : { pid: '', log: '' };
      return {
        service: 'redis',
        status: ok ? 'up' : 'down',
        address: `${cfg.host}:${cfg.redis.port}`,
        pid: info.pid ? `${info.pid} (machine)` : '',
        log: info.log,
      };
    })(),
    clickhouseStatus(cfg),
  ]);
  const rows = [kafka, registry, s3mock, smtp, postgres, redis];
  return { rows, clickhouse, ok: rows.every((r) => r.status === 'up') && clickhouse.up };
}

export function formatTable(rows) {
  const cols = ['service', 'status', 'address', 'pid', 'log'];
  const head = {
    service: 'service',
    status: 'status',
    address: 'address',
    pid: 'pid',
    log: 'log file',
  };
  const width = Object.fromEntries(
    cols.map((c) => [c, Math.max(...[head, ...rows].map((r) => String(r[c]).length))]),
  );
  const line = (r) =>
    cols
      .map((c) => String(r[c]).padEnd(width[c]))
      .join(' | ')
      .trimEnd();
  return [line(head), cols.map((c) => '-'.repeat(width[c])).join('-+-'), ...rows.map(line)].join(
    '\n',
  );
}

function printStatus(cfg, st) {
  console.log(`\n${formatTable(st.rows)}\n${st.clickhouse.line}\n`);
}

// ------------------------------------------------------------------ public API

/** Starts whatever is not running and resolves once every service answers; throws StackError otherwise. */
export async function up(opts = {}) {
  const cfg = setup(opts);
  const t0 = Date.now();
  await withLock(lockFile(cfg), cfg.timeoutMs, cfg.log, () => doUp(cfg));
  const st = await collectStatus(cfg);
  if (opts.print !== false) {
    printStatus(cfg, st);
    cfg.log(`stack up in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
  return { ...st, env: stackEnv(cfg.env) };
}

/** Stops only the processes this stack started (Kafka, registry, S3Mock, SMTP); data and mail are kept. */
export async function down(opts = {}) {
  const cfg = setup(opts);
  await withLock(lockFile(cfg), cfg.timeoutMs, cfg.log, () => doDown(cfg));
}

/** Reports without starting anything; `ok` is true when every service answers. */
export async function status(opts = {}) {
  const cfg = setup(opts);
  const st = await collectStatus(cfg);
  if (opts.print !== false) printStatus(cfg, st);
  return st;
}

/** down + wipe Kafka data, S3Mock's objects, received mail, the registry/app/test databases, the Redis db, the default chDB and blob dirs; downloads are kept. */
export async function reset(opts = {}) {
  const cfg = setup(opts);
  await withLock(lockFile(cfg), cfg.timeoutMs, cfg.log, async () => {
    await doDown(cfg);
    for (const dir of [cfg.kafka.dataDir, cfg.registry.dataDir, cfg.s3mock.dataDir, cfg.smtp.dir]) {
      rmSync(dir, { recursive: true, force: true });
      cfg.log(`deleted ${show(dir)}`);
    }
    if (!cfg.clickhouse.url && insideStack(cfg, cfg.clickhouse.path)) {
      rmSync(cfg.clickhouse.path, { recursive: true, force: true });
      cfg.log(`deleted ${show(cfg.clickhouse.path)}`);
    }
    if (insideStack(cfg, cfg.blobs.path)) {
      rmSync(cfg.blobs.path, { recursive: true, force: true });
      cfg.log(`deleted ${show(cfg.blobs.path)}`);
    }
    await ensureMachineServices(cfg);
    await recreateDatabases(cfg, Object.values(cfg.postgres.databases));
    await flushRedis(cfg);
  });
  cfg.log('reset done; run `npm run stack -- up` to start again');
}

/** Tails the log files (follows when attached to a terminal, or with --follow). */
export async function logs(service, { follow = process.stdout.isTTY, lines = 50, ...opts } = {}) {
  const cfg = setup(opts);
  const files = {
    kafka: cfg.kafka.logFile,
    registry: cfg.registry.logFile,
    s3mock: cfg.s3mock.logFile,
    smtp: cfg.smtp.logFile,
    postgres: (await postgresInfo(cfg)).log,
    redis: (await redisInfo(cfg)).log,
  };
  if (service && !(service in files))
    throw new StackError(`unknown service "${service}"; one of: ${SERVICES.join(', ')}`);
  const chosen = (service ? [files[service]] : Object.values(files)).filter(
    (f) => f && f.startsWith('/'),
  );
  if (!chosen.length) throw new StackError(`no log file known for ${service ?? 'any service'}`);
  const args = ['-n', String(lines), ...(follow ? ['-F'] : []), ...chosen];
  await new Promise((res) => spawn('tail', args, { stdio: 'inherit' }).on('close', res));
}

// ------------------------------------------------------------------------ CLI

const USAGE = `usage: npm run stack -- <command>
  up                 fetch (first run), start and wait for kafka, registry, s3mock, smtp, postgres, redis
  status             print the service table (exit 1 unless everything answers)
  down               stop kafka, the registry, s3mock and smtp (the machine's postgres/redis keep running)
  logs [service] [--follow|--no-follow]   tail .stack/logs (service: ${SERVICES.join(', ')})
  reset              down + delete all stack data (downloads are kept)`;

async function main(argv) {
  const [command, ...rest] = argv;
  switch (command) {
    case 'up':
      await up();
      return 0;
    case 'down':
      await down();
      return 0;
    case 'status':
      return (await status()).ok ? 0 : 1;
    case 'reset':
      await reset();
      return 0;
    case 'logs': {
      const follow =
        rest.includes('--follow') || rest.includes('-f')
          ? true
          : rest.includes('--no-follow')
            ? false
            : undefined;
      await logs(
        rest.find((a) => !a.startsWith('-')),
        follow === undefined ? {} : { follow },
      );
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command ? 0 : 1;
    default:
      console.error(`unknown command "${command}"\n${USAGE}`);
      return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      // Expected failures (bad env, port taken, timeout) read better without a JS stack trace.
      console.error(`\n[stack] ERROR: ${err.message}`);
      if (err.hint) console.error(`[stack] hint: ${err.hint}`);
      if (!(err instanceof StackError) && process.env.STACK_DEBUG) console.error(err.stack);
      process.exit(1);
    },
  );
}
