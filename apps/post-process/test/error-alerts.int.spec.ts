import { insertRule, selectEmailsForGroups } from '@issuestream/alerts-data';
import { testMailServer, waitFor, type TestMailServer } from '@issuestream/testing';
import type { ParsedMail } from 'mailparser';
import { newEventId, PostProcessRun } from './post-process.harness';

/**
 * Alert rules fired by error issues: `events` inserts whose state says the
 * event created (or reopened) its issue, through the real process to a real
 * SMTP server.
 */
describe('post-process: error issues fire alert rules (real process, Kafka, Postgres, SMTP)', () => {
  const run = new PostProcessRun({ ownSchema: true });
  let mail: TestMailServer;
  let nextGroup = 700_000 + Math.floor(Math.random() * 1_000_000) * 10;
  const groupId = () => (nextGroup += 1);

  beforeAll(async () => {
    await run.setUp();
    mail = await testMailServer();
    await run.start({ SMTP_URL: mail.url, ALERT_EMAIL_FROM: 'alerts@issuestream.test', ISSUES_BASE_URL: 'https://issues.example.com', ALERT_OUTBOX_POLL_MS: '100' });
    await insertRule(run.pool, { projectId: run.projectId, name: 'New errors', trigger: 'new_issue', categories: ['error'], recipients: ['oncall@example.com'], frequencyMinutes: 30 });
  });
  afterAll(async () => {
    await run.tearDown();
    await mail?.close();
  });

  const mailAbout = async (group: number): Promise<ParsedMail[]> => {
    const subjects = new Set((await selectEmailsForGroups(run.pool, [group])).map((e) => e.subject));
    return (await mail.messages()).filter((m) => subjects.has(m.subject ?? ''));
  };
  const waitForMail = (group: number) =>
    waitFor(async () => ((await mailAbout(group)).length > 0 ? true : undefined), { timeoutMs: 60_000, description: `the alert e-mail of issue ${group} (app: ${run.app?.output().slice(-1500)})` });
  const newIssueEvent = (group: number, eventId: string, title: string) => {
    const message = run.insert(group, eventId, { title });
    message.state = { ...message.state, is_new: true };
    return message;
  };

  it('sends one e-mail for a new error issue, none again on redelivery, none for an event of an existing issue', async () => {
    const group = groupId();
    const eventId = newEventId();
    await run.sendAvro([newIssueEvent(group, eventId, 'TypeError: x is undefined')]);
    await waitForMail(group);
    const [email] = await mailAbout(group);
    expect(email?.subject).toBe('[app] TypeError: x is undefined');
    expect(email?.to).toMatchObject({ text: 'oncall@example.com' });

    // The same insert twice more (redelivery), and a later event of the same, existing issue;
    // then a new issue as a marker: once its e-mail is out, the messages before it were processed.
    const existing = groupId();
    await run.sendAvro([newIssueEvent(group, eventId, 'TypeError: x is undefined'), newIssueEvent(group, eventId, 'TypeError: x is undefined'), run.insert(existing, newEventId())]);
    const marker = groupId();
    await run.sendAvro([newIssueEvent(marker, newEventId(), 'RangeError: marker')]);
    await waitForMail(marker);
    expect(await mailAbout(group)).toHaveLength(1);
    expect(await selectEmailsForGroups(run.pool, [group])).toHaveLength(1);
    expect(await selectEmailsForGroups(run.pool, [existing])).toEqual([]);
  });
});
