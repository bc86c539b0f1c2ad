import { migrate, withTransaction } from '@issuestream/storage';
import { createTestSchema, type TestSchema } from '@issuestream/testing';
import type { Pool } from 'pg';
import { recordFires, type AlertFire } from './alert-fires';
import { ALERT_MIGRATIONS_TABLE, alertMigrations } from './alert-migrations';
import { claimDueEmails, markEmailsFailed, markEmailsSent, outboxBacklog, selectEmailsForGroups } from './alert-outbox';
import { deleteRule, insertRule, selectRules, type AlertRule } from './alert-rules';

const MINUTE = 60_000;

describe('alert rules, fires and the outbox (Postgres)', () => {
  let testSchema: TestSchema;
  let pool: Pool;
  let projectId = 100;
  let groupId = 1000;

  beforeAll(async () => {
    testSchema = await createTestSchema('st_alerts', 'alerts-data-spec');
    pool = testSchema.pool;
    await migrate(pool, alertMigrations, { table: ALERT_MIGRATIONS_TABLE });
  });
  afterAll(() => testSchema.drop());
  beforeEach(() => {
    projectId += 1;
    groupId += 1;
  });

  const addRule = (frequencyMinutes = 30): Promise<AlertRule> =>
    insertRule(pool, { projectId, name: 'feedback', trigger: 'new_issue', categories: ['feedback'], recipients: ['ops@example.com'], frequencyMinutes });
  const fire = (rule: AlertRule, triggerId: string, group = groupId): AlertFire => ({
    ruleId: rule.id,
    frequencyMinutes: rule.frequencyMinutes,
    projectId,
    groupId: group,
    triggerId,
    email: { recipients: rule.recipients, subject: `subject ${triggerId}`, text: 'text', html: '<p>html</p>' },
  });
  const record = (fires: AlertFire[], at: Date) => withTransaction(pool, (client) => recordFires(client, fires, at));

  it('adds, lists and removes rules', async () => {
    const rule = await addRule();
    expect(rule).toMatchObject({ projectId, trigger: 'new_issue', categories: ['feedback'], recipients: ['ops@example.com'], frequencyMinutes: 30 });
    expect((await selectRules(pool, [projectId])).map((r) => r.id)).toEqual([rule.id]);
    expect(await deleteRule(pool, rule.id)).toBe(true);
    expect(await deleteRule(pool, rule.id)).toBe(false);
    expect(await selectRules(pool, [projectId])).toEqual([]);
  });

  it('refuses a rule without recipients or with an unknown trigger', async () => {
    await expect(insertRule(pool, { projectId, name: 'x', trigger: 'new_issue', categories: [], recipients: [], frequencyMinutes: 5 })).rejects.toThrow(/check/);
    await expect(
      insertRule(pool, { projectId, name: 'x', trigger: 'sometimes' as 'new_issue', categories: [], recipients: ['a@b.c'], frequencyMinutes: 5 }),
    ).rejects.toThrow(/check/);
  });

  it('fires once per issue per frequency window, and never twice for one trigger', async () => {
    const rule = await addRule(30);
    const t0 = new Date('2026-01-01T00:00:00Z');
    expect(await record([fire(rule, 'a')], t0)).toEqual(['queued']);
    // Redelivered, then a new trigger within the window, then two in one batch.
    expect(await record([fire(rule, 'a')], t0)).toEqual(['throttled']);
    expect(await record([fire(rule, 'b')], new Date(t0.getTime() + 29 * MINUTE))).toEqual(['throttled']);
    // After the window: the redelivered old trigger still queues nothing, a new one fires.
    expect(await record([fire(rule, 'a')], new Date(t0.getTime() + 31 * MINUTE))).toEqual(['throttled']);
    expect(await record([fire(rule, 'c'), fire(rule, 'd')], new Date(t0.getTime() + 31 * MINUTE))).toEqual(['queued', 'throttled']);
    // Another issue has its own window.
    expect(await record([fire(rule, 'e', groupId + 500)], t0)).toEqual(['queued']);
    const emails = await selectEmailsForGroups(pool, [groupId]);
    expect(emails.map((e) => e.subject)).toEqual(['subject a', 'subject c']);
  });

  it('queues nothing for a rule deleted after it was read', async () => {
    const rule = await addRule();
    await deleteRule(pool, rule.id);
    expect(await record([fire(rule, 'a')], new Date())).toEqual(['throttled']);
    expect(await selectEmailsForGroups(pool, [groupId])).toEqual([]);
  });

  it('leases due e-mails to one sender, retries failures later and keeps sent ones', async () => {
    const rule = await addRule();
    await record([fire(rule, 'x')], new Date(Date.now() - MINUTE));
    const claimed = (await claimDueEmails(pool, 1000, 60_000)).filter((e) => e.groupId === groupId);
    expect(claimed).toHaveLength(1);
    expect(claimed[0]).toMatchObject({ attempts: 1, recipients: ['ops@example.com'], subject: 'subject x', sentAt: null });
    // Leased: a second sender gets nothing.
    expect((await claimDueEmails(pool, 1000, 60_000)).filter((e) => e.groupId === groupId)).toEqual([]);
    await markEmailsFailed(pool, [{ id: claimed[0]!.id, retryInMs: 0, error: 'connection refused' }]);
    const again = (await claimDueEmails(pool, 1000, 60_000)).filter((e) => e.groupId === groupId);
    expect(again).toMatchObject([{ id: claimed[0]!.id, attempts: 2, lastError: 'connection refused' }]);
    expect((await outboxBacklog(pool)).pending).toBeGreaterThanOrEqual(1);
    await markEmailsSent(pool, [claimed[0]!.id]);
    const [sent] = await selectEmailsForGroups(pool, [groupId]);
    expect(sent).toMatchObject({ lastError: null, attempts: 2 });
    expect(sent?.sentAt).toBeInstanceOf(Date);
  });
});
