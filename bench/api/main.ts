// bench/api: the issues list (GET /api/0/organizations/{org}/issues/) of an
// organisation with 1,000,000 feedback issues over 100 projects, through the
// real api app (a child process, as deployed) reading ClickHouse directly
// (ISSUE_STREAM_SOURCE=clickhouse on a private chDB directory) and a private
// Postgres database. The issues are bulk-loaded straight into Postgres
// (groups) and ClickHouse (search_issues) with one INSERT … SELECT each, the
// shapes ingest-occurrences writes. Prints p50/p99/max of the first page for
// the default inbox query, free-text searches, the spam mailbox and the
// second page, measured back to back in the same run.
// BENCH_ISSUES (1000000), BENCH_REQUESTS (200 per case), BENCH_DATABASE_URL
// (postgres://postgres@127.0.0.1:5432/issuestream_bench_readapi, dropped and
// created), BENCH_CLICKHOUSE_PATH (a fresh temporary directory).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { API_TOKEN_MIGRATIONS_TABLE, apiTokenMigrations, ApiTokenStore } from '@issuestream/api-tokens-data';
import { ISSUE_READ_MIGRATIONS_TABLE, issueMigrations, issueReadMigrations, searchIssuesMigrations } from '@issuestream/issues-data';
import { createClickHouse, createPgPool, migrate, migrateClickHouse, storageConfigFromEnv, TENANT_MIGRATIONS_TABLE, tenantMigrations, TenantStore } from '@issuestream/storage';
import { freePort, startApp, uniqueName } from '@issuestream/testing';
import { waitUntilReady } from '../lib/app-ready';

const env = process.env;
const ISSUES = Number(env['BENCH_ISSUES'] ?? 1_000_000);
const PROJECTS = 100;
const REQUESTS = Number(env['BENCH_REQUESTS'] ?? 200);
const DATABASE_URL = env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream_bench_readapi';
const DAY_MS = 86_400_000;
/** Issues are spread over the last 13 days, inside the default 14-day window. */
const SPREAD_MS = 13 * DAY_MS;
/** Words the messages are made of: 40 common ones, and "checkout" in every 50th message, "refund" in every 5000th. */
const WORDS = [
  'page', 'slow', 'button', 'login', 'broken', 'love', 'app', 'search', 'dark', 'mode', 'crash', 'cart', 'price', 'email', 'signup', 'error',
  'loading', 'mobile', 'layout', 'font', 'image', 'upload', 'download', 'export', 'report', 'chart', 'filter', 'sort', 'menu', 'footer',
  'header', 'link', 'video', 'audio', 'map', 'profile', 'settings', 'billing', 'invoice', 'support',
];

async function recreateDatabase(): Promise<void> {
  const url = new URL(DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

async function load(now: number, chPath: string): Promise<{ orgSlug: string; token: string }> {
  const started = performance.now();
  await recreateDatabase();
  const pool = createPgPool(DATABASE_URL, { applicationName: 'bench-api', max: 2 });
  await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
  await migrate(pool, issueMigrations, { table: 'issue_migrations' });
  await migrate(pool, issueReadMigrations, { table: ISSUE_READ_MIGRATIONS_TABLE });
  await migrate(pool, apiTokenMigrations, { table: API_TOKEN_MIGRATIONS_TABLE });
  const tenants = new TenantStore(pool, { cacheTtlMs: 0 });
  const orgSlug = uniqueName('bench-org').replace(/_/g, '-');
  const org = await tenants.createOrganization({ slug: orgSlug });
  const projectIds: number[] = [];
  for (let i = 0; i < PROJECTS; i++) projectIds.push((await tenants.createProject({ organizationId: org.id, slug: `project-${i}`, platform: 'javascript' })).id);
  const token = (await new ApiTokenStore(pool).create({ organizationId: org.id, scopes: ['org:read'], label: 'bench' })).secret;

  // Postgres: issue n has id n + 1, project projectIds[n % 100]; 0.3% spam (ignored forever), 5% resolved, the rest unresolved.
  // The message of issue n, spelled the same way below for ClickHouse.
  const words = `[${WORDS.map((w) => `'${w}'`).join(',')}]`;
  const pgMessage = `(ARRAY${words})[n % 40 + 1] || ' ' || (ARRAY${words})[(n / 40) % 40 + 1]
    || CASE WHEN n % 50 = 0 THEN ' checkout' ELSE '' END || CASE WHEN n % 5000 = 7 THEN ' refund' ELSE '' END || ' #' || n`;
  const time = `to_timestamp((${now} - ((n::bigint * 7919) % ${ISSUES}) * ${SPREAD_MS / ISSUES}) / 1000.0)`;
  // One statement for all rows: longer than the pool's statement timeout, so on a connection of its own.
  const bulk = new Client({ connectionString: DATABASE_URL });
  await bulk.connect();
  await bulk.query('SET statement_timeout = 0');
  await bulk.query(`
    INSERT INTO groups (id, project_id, type, primary_hash, status, substatus, times_seen, first_seen, last_seen, level, title, culprit, message,
                        priority, platform, metadata)
    SELECT n + 1, ($1::bigint[])[n % ${PROJECTS} + 1], 6001, md5(n::text),
           CASE WHEN n % 1000 < 3 THEN 2 WHEN n % 100 < 5 THEN 1 ELSE 0 END,
           CASE WHEN n % 1000 < 3 THEN 5 WHEN n % 100 < 5 THEN NULL ELSE 7 END,
           1, ${time}, ${time}, 20, 'User Feedback: ' || m, 'user', m, 50, 'javascript',
           jsonb_build_object('title', 'User Feedback: ' || m, 'value', m, 'initial_priority', 50)
      FROM generate_series(0, ${ISSUES - 1}) AS n, LATERAL (SELECT ${pgMessage} AS m) AS msg`, [projectIds]);
  await bulk.query(`SELECT setval('groups_id_seq', ${ISSUES + 1})`);
  await bulk.query('ANALYZE groups');
  await bulk.end();
  console.log(`postgres: ${ISSUES.toLocaleString('en')} groups in ${seconds(started)} s`);

  const chStarted = performance.now();
  const clickhouse = await createClickHouse(storageConfigFromEnv({ CLICKHOUSE_PATH: chPath }).clickhouse);
  await migrateClickHouse(clickhouse, searchIssuesMigrations, { table: 'issue_schema_migrations' });
  const chMessage = `concat(arrayElement(${words}, n % 40 + 1), ' ', arrayElement(${words}, intDiv(n, 40) % 40 + 1),
    if(n % 50 = 0, ' checkout', ''), if(n % 5000 = 7, ' refund', ''), ' #', toString(n))`;
  await clickhouse.command({
    query: `
      INSERT INTO search_issues
      SELECT generateUUIDv4(n), projects[n % ${PROJECTS} + 1], n + 1, 6001, lower(hex(MD5(toString(n)))), concat('User Feedback: ', m), m, 'user', 'info',
             lower(hex(MD5(toString(n)))), if(n % 5 = 0, 'staging', 'production'), '', map('browser', 'Chrome 120', 'os', 'Linux'), NULL,
             concat('{"message":', toJSONString(m), ',"name":"User ', toString(n), '","contact_email":"user', toString(n), '@example.com","source":"new_feedback_envelope"}'),
             '[]', t, t, 1
        FROM (SELECT number AS n, ${chMessage} AS m, fromUnixTimestamp64Milli(toInt64(${now} - ((n * 7919) % ${ISSUES}) * ${SPREAD_MS / ISSUES})) AS t,
                     [${projectIds.join(',')}] AS projects
                FROM numbers(${ISSUES}))`,
  });
  await clickhouse.command({ query: 'OPTIMIZE TABLE search_issues FINAL' });
  await clickhouse.close();
  console.log(`clickhouse: ${ISSUES.toLocaleString('en')} search rows in ${seconds(chStarted)} s`);
  await pool.end();
  return { orgSlug, token };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(label: string, url: () => string, token: string): Promise<void> {
  const get = async () => {
    const response = await fetch(url(), { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as unknown;
    if (response.status !== 200) throw new Error(`${label}: ${response.status} ${JSON.stringify(body)}`);
    return Array.isArray(body) ? body.length : 0;
  };
  for (let i = 0; i < 10; i++) await get();
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    rows = await get();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const f = (ms: number) => ms.toFixed(1).padStart(7);
  console.log(`${label.padEnd(46)} p50 ${f(percentile(times, 50))} ms  p99 ${f(percentile(times, 99))} ms  max ${f(times[times.length - 1] ?? NaN)} ms  (${rows} issues/page)`);
}

async function main(): Promise<void> {
  const now = Date.now();
  const chPath = env['BENCH_CLICKHOUSE_PATH'] ?? mkdtempSync(path.join(tmpdir(), 'is-ch-bench-api-'));
  const { orgSlug, token } = await load(now, chPath);
  const port = await freePort();
  const app = startApp('apps/api/src/main.ts', {
    DATABASE_URL, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', ISSUE_STREAM_SOURCE: 'clickhouse', CLICKHOUSE_PATH: chPath,
    OUTCOMES_TOPIC: uniqueName('bench_outcomes'), BLOB_STORE_PATH: mkdtempSync(path.join(tmpdir(), 'is-blobs-bench-api-')),
  });
  try {
    await waitUntilReady('api', port, app);
    const base = `http://127.0.0.1:${port}/api/0/organizations/${orgSlug}/issues/`;
    const list = (query: string, extra = '') => () => `${base}?query=${encodeURIComponent(query)}${extra}`;
    console.log(`\n${REQUESTS} sequential requests per case after 10 warm-ups; ${ISSUES.toLocaleString('en')} feedback issues, ${PROJECTS} projects, limit 25`);
    console.log(`load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${path.basename(process.execPath)}; a shared machine's tail latency follows it)`);
    // The same app answering without touching a store: what HTTP and the machine cost alone, in this run.
    await measure('baseline: GET /livez (no store)', () => `http://127.0.0.1:${port}/livez`, token);
    await measure('default page (issue.category:feedback status:unresolved)', list('issue.category:feedback status:unresolved'), token);
    await measure('free text "checkout" (2% of messages)', list('issue.category:feedback status:unresolved checkout'), token);
    await measure('free text "refund" (0.02% of messages)', list('issue.category:feedback status:unresolved refund'), token);
    await measure('spam mailbox (status:ignored, 0.3%)', list('issue.category:feedback status:ignored'), token);
    await measure('environment=staging (20%)', list('issue.category:feedback status:unresolved', '&project=-1&environment=staging'), token);
    const first = await fetch(list('issue.category:feedback status:unresolved')(), { headers: { authorization: `Bearer ${token}` } });
    const cursor = /rel="next"; results="true"; cursor="([^"]+)"/.exec(first.headers.get('link') ?? '')?.[1] ?? '';
    await measure('second page (cursor)', list('issue.category:feedback status:unresolved', `&cursor=${cursor}`), token);
  } finally {
    app.kill('SIGTERM');
    await app.exited;
    if (!env['BENCH_CLICKHOUSE_PATH']) rmSync(chPath, { recursive: true, force: true });
  }
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`\nrun ${randomUUID().slice(0, 8)} done`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
