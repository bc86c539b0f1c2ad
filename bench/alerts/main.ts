// bench/alerts: the alert step of post-process and its e-mail sender, in one
// process against the stack's Postgres (DATABASE_URL, a schema of its own)
// and a local SMTP server (deploy/local/mail-server.mjs on a free port).
// BENCH_ALERTS (default 2000) feedback hand-offs, in batches of 500:
//   1. through IssueAlertProcessor for a project without rules (the no-rule path: one rules read per batch);
//   2. the same number for a project with a feedback rule: types, nodestore, options, rendering, one transaction per batch;
//   3. the queued e-mails drained by OutboxSender over SMTP.
// Prints hand-offs/s and e-mails/s, and the ratio of (2) to (1) measured in the same run.
import { ALERT_MIGRATIONS_TABLE, alertMigrations, insertRule } from '@issuestream/alerts-data';
import { IssueAlertProcessor, IssueAlerts, IssueLinks, OutboxSender, createMailTransport } from '@issuestream/alerts';
import { storeFeedback } from '@issuestream/alerts/testing';
import { GroupTypeResolver } from '@issuestream/issue-platform';
import { issueMigrations } from '@issuestream/issues-data';
import type { GenericEvents } from '@issuestream/schemas';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, tenantMigrations, TenantStore } from '@issuestream/storage';
import { testMailServer, uniqueName } from '@issuestream/testing';

const env = process.env;
const COUNT = Number(env['BENCH_ALERTS'] ?? 2000);
const BATCH = 500;
const databaseUrl = env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream';

const rate = (count: number, ms: number): string => `${Math.round((count / ms) * 1000).toLocaleString('en')}/s`;

async function timed(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const schema = uniqueName('bench_alerts');
  const admin = createPgPool(databaseUrl, { applicationName: 'bench-alerts', max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const pool = createPgPool(url.toString(), { applicationName: 'bench-alerts', max: 8 });
  const mail = await testMailServer();
  try {
    await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    await migrate(pool, issueMigrations, { table: 'issue_migrations' });
    await migrate(pool, alertMigrations, { table: ALERT_MIGRATIONS_TABLE });
    const tenants = new TenantStore(pool);
    const org = await tenants.createOrganization({ slug: schema.replace(/_/g, '-') });
    const quiet = await tenants.createProject({ organizationId: org.id, slug: 'quiet', platform: 'javascript' });
    const watched = await tenants.createProject({ organizationId: org.id, slug: 'watched', platform: 'javascript' });
    await insertRule(pool, { projectId: watched.id, name: 'Feedback', trigger: 'new_issue', categories: ['feedback'], recipients: ['support@example.com'], frequencyMinutes: 30 });

    const transport = createMailTransport({ smtpUrl: mail.url, timeoutMs: 5000 });
    const sender = new OutboxSender({
      pool,
      transport,
      from: 'alerts@issuestream.bench',
      logger: { info: () => undefined, warn: (m) => console.warn(m), error: (m) => console.error(m) },
      retry: { initialMs: 200, maxMs: 1000 },
      batchSize: 50,
    });
    const alerts = new IssueAlerts({ pool, tenants, links: new IssueLinks('https://issues.example.com') });
    const processor = new IssueAlertProcessor({ pool, tenants, types: await GroupTypeResolver.open(pool), alerts });

    console.log(`[bench:alerts] storing ${COUNT} feedback occurrences and events…`);
    const handoffs: GenericEvents.PostProcessHandoff[] = [];
    for (let i = 0; i < COUNT; i++) handoffs.push((await storeFeedback(pool, { projectId: watched.id, groupId: 1_000_000 + i })).handoff);
    const quietHandoffs = handoffs.map((h) => ({ ...h, project_id: quiet.id }));
    const inBatches = async (items: GenericEvents.PostProcessHandoff[]) => {
      for (let i = 0; i < items.length; i += BATCH) await processor.process(items.slice(i, i + BATCH));
    };

    const noRuleMs = await timed(() => inBatches(quietHandoffs));
    const ruleMs = await timed(() => inBatches(handoffs));
    const { rows } = await pool.query<{ queued: string }>(`SELECT count(*) AS queued FROM alert_outbox`);
    let sent = 0;
    const sendMs = await timed(async () => {
      while (sent < Number(rows[0]?.queued ?? 0)) {
        const round = await sender.drainOnce();
        if (round.failed > 0) throw new Error('a send failed during the bench');
        sent += round.sent;
      }
    });
    transport.close();
    console.log(`[bench:alerts] hand-offs, project without rules: ${COUNT} in ${noRuleMs.toFixed(0)} ms = ${rate(COUNT, noRuleMs)}`);
    console.log(`[bench:alerts] hand-offs, feedback rule firing:  ${COUNT} in ${ruleMs.toFixed(0)} ms = ${rate(COUNT, ruleMs)} (${rows[0]?.queued} e-mails queued)`);
    console.log(`[bench:alerts] ratio firing / no rule: ${(noRuleMs / ruleMs).toFixed(3)} of the throughput`);
    console.log(`[bench:alerts] e-mails sent over SMTP (sequential, one pooled connection): ${sent} in ${sendMs.toFixed(0)} ms = ${rate(sent, sendMs)}`);
  } finally {
    await mail.close();
    await pool.end();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:alerts] failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
