import { ALERT_MIGRATIONS_TABLE, alertMigrations, insertRule, selectEmailsForGroups, type NewAlertRule } from '@issuestream/alerts-data';
import { storeFeedback } from '../src/testing';
import { FeedbackCreationSource } from '@issuestream/feedback';
import { createTestProject, type TestProject } from '@issuestream/feedback/testing';
import { GroupTypeResolver } from '@issuestream/issue-platform';
import { issueMigrations } from '@issuestream/issues-data';
import type { Logger } from '@issuestream/observability';
import {
  createPgPool, FEEDBACK_USER_REPORT_NOTIFICATIONS, migrate, PROJECT_OPTION_EPOCH, TENANT_MIGRATIONS_TABLE, tenantMigrations, TenantStore,
} from '@issuestream/storage';
import { testMailServer, testStackEnv, uniqueName, waitFor, type TestMailServer } from '@issuestream/testing';
import type { Transporter } from 'nodemailer';
import type { Pool } from 'pg';
import { createMailTransport, IssueAlertProcessor, IssueAlerts, IssueLinks, OutboxSender } from '../src';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('feedback alerts: rules, the feedback filter, the outbox and SMTP (Postgres, a real SMTP server)', () => {
  const databaseUrl = testStackEnv().databaseUrl;
  const schema = uniqueName('st_issue_alerts');
  let admin: Pool;
  let pool: Pool;
  let tenants: TenantStore;
  let mail: TestMailServer;
  let alerts: IssueAlerts;
  let processor: IssueAlertProcessor;
  let sender: OutboxSender;
  let transport: Transporter;
  let project: TestProject;
  let groupId = 5000;

  beforeAll(async () => {
    admin = createPgPool(databaseUrl, { applicationName: 'alerts-spec', max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    pool = createPgPool(databaseUrl, { applicationName: 'alerts-spec', max: 4, onError: () => undefined, pgConfig: { options: `-c search_path=${schema}` } });
    await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    await migrate(pool, issueMigrations, { table: 'issue_migrations' });
    await migrate(pool, alertMigrations, { table: ALERT_MIGRATIONS_TABLE });
    tenants = new TenantStore(pool, { cacheTtlMs: 0 });
    mail = await testMailServer();
    alerts = new IssueAlerts({ pool, tenants, links: new IssueLinks('https://issues.example.com/') });
    processor = new IssueAlertProcessor({ pool, tenants, types: await GroupTypeResolver.open(pool), alerts });
    transport = createMailTransport({ smtpUrl: mail.url, timeoutMs: 2000 });
    sender = new OutboxSender({
      pool,
      transport,
      from: 'alerts@issuestream.test',
      logger: quiet,
      retry: { initialMs: 200, maxMs: 1000 },
    });
  });
  afterAll(async () => {
    transport.close();
    await mail.close();
    await pool.end();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });
  beforeEach(async () => {
    project = await createTestProject(tenants);
    groupId += 1;
  });

  const rule = (overrides: Partial<NewAlertRule> = {}) =>
    insertRule(pool, {
      projectId: project.projectId,
      name: 'Feedback to support',
      trigger: 'new_issue',
      categories: ['feedback'],
      recipients: ['support@example.com', 'lead@example.com'],
      frequencyMinutes: 30,
      ...overrides,
    });
  const mailFor = async (groupIds: number[]) => {
    const subjects = new Set((await selectEmailsForGroups(pool, groupIds)).map((e) => e.subject));
    return (await mail.messages()).filter((m) => subjects.has(m.subject ?? ''));
  };

  it('sends exactly one e-mail with the feedback and links to the issue, also when the hand-off is redelivered', async () => {
    await rule();
    const { handoff, message } = await storeFeedback(pool, { projectId: project.projectId, groupId, name: 'Jane Doe', contactEmail: 'jane@example.com' });
    await processor.process([handoff]);
    await processor.process([handoff]); // redelivered
    expect(await sender.drainOnce()).toMatchObject({ sent: 1, failed: 0 });
    await processor.process([handoff]); // and once more after it was sent
    expect(await sender.drainOnce()).toMatchObject({ sent: 0 });

    const received = await mailFor([groupId]);
    expect(received).toHaveLength(1);
    const [email] = received;
    expect(email?.subject).toBe(`[app] User Feedback: ${message}`);
    expect(email?.from?.text).toBe('alerts@issuestream.test');
    expect(email?.to && !Array.isArray(email.to) ? email.to.value.map((a) => a.address) : []).toEqual(['support@example.com', 'lead@example.com']);
    expect(email?.text).toContain(`Message: ${message}`);
    expect(email?.text).toContain('Name: Jane Doe');
    expect(email?.text).toContain('Contact e-mail: jane@example.com');
    expect(email?.text).toContain('URL: https://shop.example.com/checkout');
    expect(email?.text).toContain(`https://issues.example.com/organizations/${project.organizationSlug}/issues/${groupId}/?project=${project.projectId}`);
    expect(email?.html).toContain(`/organizations/${project.organizationSlug}/feedback/?feedbackSlug=app%3A${groupId}`);
  });

  it('sends nothing for spam', async () => {
    await rule();
    const { handoff } = await storeFeedback(pool, { projectId: project.projectId, groupId, isSpam: true });
    await processor.process([handoff]);
    expect(await selectEmailsForGroups(pool, [groupId])).toEqual([]);
  });

  it('sends nothing for crash-report feedback when the project turned user-report notifications off', async () => {
    await rule();
    await tenants.setProjectOption(project.projectId, FEEDBACK_USER_REPORT_NOTIFICATIONS, false);
    const { handoff } = await storeFeedback(pool, { projectId: project.projectId, groupId, source: FeedbackCreationSource.CRASH_REPORT_EMBED_FORM });
    await processor.process([handoff]);
    expect(await selectEmailsForGroups(pool, [groupId])).toEqual([]);
    // Widget feedback of the same project still notifies.
    const widget = await storeFeedback(pool, { projectId: project.projectId, groupId: groupId + 100_000 });
    await processor.process([widget.handoff]);
    expect(await selectEmailsForGroups(pool, [groupId + 100_000])).toHaveLength(1);
  });

  it('applies the epoch default when the option is unset: on for new projects, off before epoch 12', async () => {
    await rule();
    const report = await storeFeedback(pool, { projectId: project.projectId, groupId, source: FeedbackCreationSource.USER_REPORT_ENVELOPE });
    await processor.process([report.handoff]);
    expect(await selectEmailsForGroups(pool, [groupId])).toHaveLength(1);

    await tenants.setProjectOption(project.projectId, PROJECT_OPTION_EPOCH, 11);
    const old = await storeFeedback(pool, { projectId: project.projectId, groupId: groupId + 100_000, source: FeedbackCreationSource.USER_REPORT_ENVELOPE });
    await processor.process([old.handoff]);
    expect(await selectEmailsForGroups(pool, [groupId + 100_000])).toEqual([]);
  });

  it('matches rules by trigger and category', async () => {
    await rule({ categories: ['error'] });
    await rule({ trigger: 'regression' });
    const { handoff } = await storeFeedback(pool, { projectId: project.projectId, groupId });
    await processor.process([handoff]);
    expect(await selectEmailsForGroups(pool, [groupId])).toEqual([]);
    await processor.process([{ ...handoff, is_new: false, is_regression: true }]);
    expect((await selectEmailsForGroups(pool, [groupId])).map((e) => e.subject)).toEqual([expect.stringMatching(/^\[app\] Regression: User Feedback: /)]);
  });

  it('fires error rules for error issues handed over by the errors pipeline', async () => {
    await rule({ categories: ['error'], name: 'Errors' });
    const candidate = {
      projectId: project.projectId, groupId, triggerId: 'a'.repeat(32), isNew: true, isRegression: false,
      category: 'error', categories: new Set(['error']), title: "TypeError: Cannot read properties of undefined (reading 'id')", feedback: null,
    };
    expect(await alerts.queue([candidate])).toEqual(['queued']);
    expect(await alerts.queue([candidate])).toEqual(['throttled']);
    expect(await alerts.queue([{ ...candidate, category: 'feedback', categories: new Set(['feedback']) }])).toEqual([]);
    const [email] = await selectEmailsForGroups(pool, [groupId]);
    expect(email?.subject).toBe("[app] TypeError: Cannot read properties of undefined (reading 'id')");
    expect(email?.text).toContain(`New error issue in ${project.organizationSlug}/app`);
  });

  it('keeps the e-mail through an SMTP outage and delivers it once the server is back', async () => {
    await rule();
    const { handoff } = await storeFeedback(pool, { projectId: project.projectId, groupId });
    await mail.stop();
    try {
      await processor.process([handoff]);
      expect(await sender.drainOnce()).toMatchObject({ sent: 0, failed: 1 });
      const [queued] = await selectEmailsForGroups(pool, [groupId]);
      expect(queued).toMatchObject({ sentAt: null, attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED|connect/i) });
      // Still down at the next attempt: still queued.
      await waitFor(async () => (await sender.drainOnce()).failed > 0 || undefined, { description: 'a second failed attempt', timeoutMs: 10_000 });
    } finally {
      await mail.start();
    }
    sender.start();
    try {
      await waitFor(async () => ((await mailFor([groupId])).length === 1 ? true : undefined), { description: 'the alert e-mail after the outage', timeoutMs: 20_000 });
    } finally {
      await sender.stop();
    }
    const [sent] = await selectEmailsForGroups(pool, [groupId]);
    expect(sent?.sentAt).toBeInstanceOf(Date);
    // At least the refused attempt and the one that went out (how many retries fell inside the outage depends on the machine's pace).
    expect(sent?.attempts).toBeGreaterThanOrEqual(2);
    expect(await mailFor([groupId])).toHaveLength(1);
  });
});
