import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { storeFeedback } from '@issuestream/alerts/testing';
import { ALERT_MIGRATIONS_TABLE, alertMigrations, insertRule, selectEmailsForGroups, type OutboxEmail } from '@issuestream/alerts-data';
import { FeedbackCreationSource } from '@issuestream/feedback';
import { issueMigrations } from '@issuestream/issues-data';
import { createProducer, type MessageProducer } from '@issuestream/kafka';
import { createCodec, type GenericEvents } from '@issuestream/schemas';
import { createPgPool, FEEDBACK_USER_REPORT_NOTIFICATIONS, migrate, TENANT_MIGRATIONS_TABLE, tenantMigrations, TenantStore } from '@issuestream/storage';
import {
  freePort, startApp, testAppEnv, testMailServer, testStackEnv, uniqueName, waitFor, type AppProcess, type TestMailServer,
} from '@issuestream/testing';
import type { ParsedMail } from 'mailparser';
import type { Pool } from 'pg';

const stack = testStackEnv();
const codec = createCodec({ registryUrl: stack.schemaRegistryUrl });

/**
 * The issue-platform half of post-process as a real process: hand-offs as
 * ingest-occurrences writes them to generic-events (their occurrences and
 * events in the nodestore), alert rules in Postgres, e-mails read back from a
 * real SMTP server.
 */
describe('post-process: feedback alerts from generic-events (real process, Kafka, Postgres, SMTP)', () => {
  const topic = uniqueName('generic_events');
  const eventsTopic = uniqueName('events');
  const occurrencesTopic = uniqueName('occurrences');
  // A schema of its own: another post-process under test on the same database would otherwise drain this test's outbox.
  const schema = uniqueName('pp_alerts');
  const databaseUrl = (() => {
    const url = new URL(stack.databaseUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return url.toString();
  })();
  let admin: Pool;
  const clickhouseDir = mkdtempSync(path.join(tmpdir(), 'is-post-process-alerts-ch-'));
  let pool: Pool;
  let tenants: TenantStore;
  let producer: MessageProducer;
  let mail: TestMailServer;
  let app: AppProcess;
  let projectId = 0;
  let nextGroup = 900_000 + Math.floor(Math.random() * 1_000_000) * 10;
  const groupId = () => (nextGroup += 1);
  const consumerGroup = uniqueName('post_process_alerts');

  let appPort = 0;
  async function startPostProcess(extraEnv: Record<string, string> = {}): Promise<AppProcess> {
    const port = await freePort();
    appPort = port;
    const started = startApp('apps/post-process/src/main.ts', testAppEnv({
      DATABASE_URL: databaseUrl,
      KAFKA_GROUP_ID: consumerGroup,
      POST_PROCESS_TOPIC: topic,
      EVENTSTREAM_TOPIC: eventsTopic,
      OCCURRENCES_TOPIC: occurrencesTopic,
      KAFKA_TOPIC_PARTITIONS: '1',
      CLICKHOUSE_PATH: clickhouseDir,
      HTTP_PORT: String(port),
      KAFKA_RETRY_INITIAL_MS: '100',
      KAFKA_RETRY_MAX_MS: '1000',
      SMTP_URL: mail.url,
      ALERT_EMAIL_FROM: 'alerts@issuestream.test',
      ISSUES_BASE_URL: 'https://issues.example.com',
      ALERT_RETRY_INITIAL_MS: '200',
      ALERT_RETRY_MAX_MS: '1000',
      ALERT_OUTBOX_POLL_MS: '100',
      ALERT_SMTP_TIMEOUT_MS: '2000',
      ...extraEnv,
    }));
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, { timeoutMs: 90_000, intervalMs: 200, description: 'post-process ready' }).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${started.output().slice(-3000)}`);
      },
    );
    return started;
  }

  /** Sum of a metric's series (with `labels` in them) of the running process. */
  async function metric(name: string, labels = ''): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${appPort}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) && line.includes(labels))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }

  async function stopPostProcess(signal: NodeJS.Signals): Promise<void> {
    if (app.child.exitCode !== null || app.child.signalCode !== null) return;
    app.kill(signal);
    await app.exited;
  }

  beforeAll(async () => {
    admin = createPgPool(stack.databaseUrl, { applicationName: 'post-process-alerts-test', max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    pool = createPgPool(databaseUrl, { applicationName: 'post-process-alerts-test' });
    await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    await migrate(pool, issueMigrations, { table: 'issue_migrations' });
    await migrate(pool, alertMigrations, { table: ALERT_MIGRATIONS_TABLE });
    tenants = new TenantStore(pool, { cacheTtlMs: 0 });
    const org = await tenants.createOrganization({ slug: uniqueName('org').replace(/_/g, '-') });
    projectId = (await tenants.createProject({ organizationId: org.id, slug: 'shop', platform: 'javascript' })).id;
    await insertRule(pool, { projectId, name: 'Feedback', trigger: 'new_issue', categories: ['feedback'], recipients: ['support@example.com'], frequencyMinutes: 30 });
    await codec.registerAll();
    producer = await createProducer({ brokers: stack.kafkaBrokers, clientId: 'post-process-alerts-test' });
    mail = await testMailServer();
    app = await startPostProcess();
  });
  afterAll(async () => {
    if (app) await stopPostProcess('SIGTERM');
    await mail?.close();
    await producer?.disconnect();
    await pool?.end();
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end();
    rmSync(clickhouseDir, { recursive: true, force: true });
  });

  const send = async (handoffs: GenericEvents.PostProcessHandoff[]) => {
    const values = await Promise.all(handoffs.map((h) => codec.encode('generic-events', h)));
    await producer.send(topic, values.map((value, i) => ({ key: Buffer.from(String(handoffs[i]!.project_id)), value })));
  };
  const queued = (group: number): Promise<OutboxEmail[]> => selectEmailsForGroups(pool, [group]);
  const mailAbout = async (group: number): Promise<ParsedMail[]> => {
    const subjects = new Set((await queued(group)).map((e) => e.subject));
    return (await mail.messages()).filter((m) => subjects.has(m.subject ?? ''));
  };
  const waitForMail = (group: number) =>
    waitFor(async () => ((await mailAbout(group)).length > 0 ? mailAbout(group) : undefined), { timeoutMs: 60_000, description: `the alert e-mail of issue ${group} (app: ${app.output().slice(-1500)})` });

  it('sends exactly one e-mail for a feedback, and none again when the hand-off is redelivered', async () => {
    const group = groupId();
    const { handoff, message } = await storeFeedback(pool, { projectId, groupId: group, name: 'Jane Doe', contactEmail: 'jane@example.com' });
    await send([handoff]);
    const [email] = await waitForMail(group);
    expect(email?.subject).toBe(`[shop] User Feedback: ${message}`);
    expect(email?.text).toContain(`Message: ${message}`);
    expect(email?.text).toContain('Name: Jane Doe');
    expect(email?.text).toContain('Contact e-mail: jane@example.com');
    expect(email?.text).toContain('URL: https://shop.example.com/checkout');
    expect(email?.text).toContain(`https://issues.example.com/organizations/`);

    // Redelivered (twice), then a later feedback: once that one's e-mail is out, the redeliveries were processed.
    await send([handoff, handoff]);
    const later = groupId();
    await send([(await storeFeedback(pool, { projectId, groupId: later })).handoff]);
    await waitForMail(later);
    expect(await mailAbout(group)).toHaveLength(1);
    expect(await queued(group)).toHaveLength(1);
  });

  it('sends nothing for spam, nor for crash-report feedback while the project has user-report notifications off', async () => {
    await tenants.setProjectOption(projectId, FEEDBACK_USER_REPORT_NOTIFICATIONS, false);
    try {
      const spam = groupId();
      const crashReport = groupId();
      const marker = groupId();
      await send([
        (await storeFeedback(pool, { projectId, groupId: spam, isSpam: true })).handoff,
        (await storeFeedback(pool, { projectId, groupId: crashReport, source: FeedbackCreationSource.CRASH_REPORT_EMBED_FORM })).handoff,
        (await storeFeedback(pool, { projectId, groupId: marker })).handoff,
      ]);
      await waitForMail(marker);
      expect(await queued(spam)).toEqual([]);
      expect(await queued(crashReport)).toEqual([]);
    } finally {
      await tenants.setProjectOption(projectId, FEEDBACK_USER_REPORT_NOTIFICATIONS, null);
    }
  });

  it('keeps consuming while the SMTP server is down and delivers the e-mails once it is back', async () => {
    await mail.stop();
    const first = groupId();
    const second = groupId();
    try {
      await send([(await storeFeedback(pool, { projectId, groupId: first })).handoff]);
      await waitFor(async () => ((await queued(first))[0]?.lastError ? true : undefined), { timeoutMs: 60_000, description: 'a failed attempt of the first e-mail' });
      // The partition is not held: a later hand-off is still turned into an e-mail in the outbox.
      await send([(await storeFeedback(pool, { projectId, groupId: second })).handoff]);
      await waitFor(async () => ((await queued(second)).length === 1 ? true : undefined), { timeoutMs: 60_000, description: 'the second e-mail queued during the outage' });
      expect((await queued(first))[0]).toMatchObject({ sentAt: null });
    } finally {
      await mail.start();
    }
    await waitForMail(first);
    await waitForMail(second);
    expect(await mailAbout(first)).toHaveLength(1);
    expect((await queued(first))[0]?.attempts).toBeGreaterThanOrEqual(2);
  });

  it('sends each e-mail once when killed after queueing a batch it had not committed', async () => {
    await stopPostProcess('SIGTERM');
    await mail.stop();
    // After one first commit, offsets are held for ten minutes: the batch below is processed but not
    // committed when the process is killed, so the restarted consumer gets all of it again.
    app = await startPostProcess({ KAFKA_COMMIT_INTERVAL_MS: '600000' });
    const warmUp = groupId();
    await send([(await storeFeedback(pool, { projectId, groupId: warmUp })).handoff]);
    await waitFor(async () => ((await metric('issuestream_consumer_commits_total')) >= 1 ? true : undefined), { description: 'the first commit' });
    const groups = Array.from({ length: 10 }, () => groupId());
    await send(await Promise.all(groups.map(async (group) => (await storeFeedback(pool, { projectId, groupId: group })).handoff)));
    await waitFor(async () => ((await selectEmailsForGroups(pool, groups)).length === groups.length ? true : undefined), {
      timeoutMs: 60_000,
      description: 'the batch queued in the outbox',
    });
    await stopPostProcess('SIGKILL');

    await mail.start();
    app = await startPostProcess();
    for (const group of groups) await waitForMail(group);
    const marker = groupId();
    await send([(await storeFeedback(pool, { projectId, groupId: marker })).handoff]);
    await waitForMail(marker);
    expect(await selectEmailsForGroups(pool, groups)).toHaveLength(groups.length);
    for (const group of groups) expect(await mailAbout(group)).toHaveLength(1);
    // The restarted process did get the batch again: each of its fires was found recorded.
    expect(await metric('issuestream_alert_fires_total', 'outcome="throttled"')).toBeGreaterThanOrEqual(groups.length);
  }, 240_000);
});
