import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { feedbackIds, UNREAL_FEEDBACK_UNATTENDED_MESSAGE } from '@issuestream/feedback';
import { GroupStatus, GroupSubStatus } from '@issuestream/issue-platform';
import { FEEDBACK_ORGANIZATION_SLUG_DENYLIST } from '@issuestream/storage';
import { fixturePath, waitFor } from '@issuestream/testing';
import { FeedbackRun, SPAM_WORD, type TestProject } from './ingest-feedback-events.harness';

jest.setTimeout(120000);

const widgetFixture = fixturePath('ingest-feedback-events.widget.msgpack');

let run: FeedbackRun;
beforeAll(async () => {
  run = new FeedbackRun();
  await run.start();
});
afterAll(() => run?.stop());

const hex = () => randomUUID().replace(/-/g, '');

function feedbackEvent(feedback: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: hex(),
    type: 'feedback',
    platform: 'javascript',
    level: 'info',
    timestamp: Date.now() / 1000,
    tags: [['runtime', 'browser']],
    contexts: { feedback: { source: 'widget', url: 'https://example.com/', ...feedback } },
    ...extra,
  };
}

async function send(event: Record<string, unknown>, project: TestProject = run.main): Promise<void> {
  await run.sendRaw(await run.encodeFeedback(event, project.projectId));
}

/** Waits for the group of one feedback (its fingerprint is derived from project and event id). */
async function groupOf(event: Record<string, unknown>, project: TestProject = run.main) {
  const { occurrenceId } = feedbackIds(project.projectId, String(event['event_id']));
  await waitFor(() => run.storedOccurrence(occurrenceId), { description: `the occurrence of feedback ${String(event['event_id'])}` });
  const { rows } = await run.resources!.pool.query<{ group_id: string }>(`SELECT group_id FROM issue_occurrences WHERE id = $1`, [occurrenceId]);
  const group = (await run.groups(project.projectId)).find((g) => g.id === rows[0]?.group_id);
  return { group: group!, occurrence: (await run.storedOccurrence(occurrenceId))! };
}

/** A feedback processed after everything sent before it (every test topic has one partition). */
async function barrier(): Promise<void> {
  const event = feedbackEvent({ message: `barrier ${hex()}` });
  await send(event);
  await groupOf(event);
}

const evidenceOf = (occurrence: Record<string, unknown>) => {
  const data = occurrence['evidence_data'];
  return (typeof data === 'string' ? JSON.parse(data) : data) as Record<string, unknown>;
};

describe('ingest-feedback-events with ingest-occurrences (real Kafka, registry, Postgres, Redis)', () => {
  it('turns an Avro feedback into a feedback issue with its evidence and an accepted outcome', async () => {
    const event = feedbackEvent({ message: 'The checkout button does nothing when I click it twice in a row, please fix', contact_email: 'jane@example.com', name: 'Jane' });
    await send(event);
    const { group, occurrence } = await groupOf(event);
    expect(group).toMatchObject({ type: 6001, status: GroupStatus.UNRESOLVED, culprit: 'user', title: 'User Feedback: The checkout button does nothing when I click it twice...' });
    expect(evidenceOf(occurrence)).toEqual({
      contact_email: 'jane@example.com', name: 'Jane', message: 'The checkout button does nothing when I click it twice in a row, please fix',
      source: 'new_feedback_envelope', is_spam: null, spam_detection_enabled: false, summary: 'The checkout button does nothing when I click it twice...',
    });
    const [outcome] = await run.outcomes((o) => o.event_id === event['event_id']);
    expect(outcome).toMatchObject({ outcome: 0, reason: null, category: 14, quantity: 1, project_id: run.main.projectId, org_id: run.main.organizationId });
  });

  it('accepts the real Relay msgpack record', async () => {
    // Only the project changes (each run has its own project, so the fixture's event id still makes a new issue).
    const record = msgpackDecode(readFileSync(widgetFixture)) as Record<string, unknown>;
    const eventId = String(record['event_id']);
    const rewritten = msgpackEncode({ ...record, project_id: run.main.projectId });
    await run.sendRaw(Buffer.from(rewritten.buffer, rewritten.byteOffset, rewritten.byteLength));
    const { group, occurrence } = await groupOf({ event_id: eventId });
    expect(group).toMatchObject({ type: 6001, title: 'User Feedback: fakrevkj', culprit: 'user' });
    expect(evidenceOf(occurrence)).toMatchObject({ message: 'fakrevkj', contact_email: 'john@doe', name: 'john doe', source: 'new_feedback_envelope', is_spam: null });
  });

  it('filters each reason: no issue, an INVALID outcome with the reason', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['missing_context', { contexts: {} }],
      ['unreal.unattended', feedbackEvent({ message: UNREAL_FEEDBACK_UNATTENDED_MESSAGE })],
      ['empty', feedbackEvent({ message: '   ' })],
      ['too_large', feedbackEvent({ message: 'x'.repeat(4097) })],
      ['invalid_associated_event_id', feedbackEvent({ message: 'ok', associated_event_id: 'nope' })],
    ];
    const events = cases.map(([reason, shape]) => ({ reason, event: { ...feedbackEvent({ message: 'x' }), ...shape, event_id: hex() } }));
    const before = (await run.groups()).length;
    for (const { event } of events) await send(event);
    const ids = new Set(events.map((e) => e.event.event_id));
    const outcomes = await run.outcomes((o) => ids.has(o.event_id ?? ''), events.length);
    for (const { reason, event } of events) expect(outcomes.find((o) => o.event_id === event.event_id)).toMatchObject({ outcome: 3, reason, category: 14 });
    await barrier();
    expect((await run.groups()).length).toBe(before + 1);
  });

  it('creates nothing for an organisation with the ingest flag off or on the denylist', async () => {
    const off = await run.createProject();
    await run.tenants!.setFeature(off.organizationId, 'organizations:user-feedback-ingest', false);
    const event = feedbackEvent({ message: 'flag is off' });
    await send(event, off);
    const [outcome] = await run.outcomes((o) => o.event_id === event['event_id']);
    expect(outcome).toMatchObject({ outcome: 1, reason: 'feature_disabled', project_id: off.projectId });

    const denied = await run.createProject();
    await run.tenants!.setGlobalOption(FEEDBACK_ORGANIZATION_SLUG_DENYLIST, [denied.organizationSlug]);
    try {
      const deniedEvent = feedbackEvent({ message: 'org is denylisted' });
      await send(deniedEvent, denied);
      const [deniedOutcome] = await run.outcomes((o) => o.event_id === deniedEvent['event_id']);
      expect(deniedOutcome).toMatchObject({ outcome: 1, reason: 'org.denylist', project_id: denied.projectId });
    } finally {
      await run.tenants!.setGlobalOption(FEEDBACK_ORGANIZATION_SLUG_DENYLIST, []);
    }
    await barrier();
    expect(await run.groups(off.projectId)).toHaveLength(0);
    expect(await run.groups(denied.projectId)).toHaveLength(0);
  });

  it('archives spam forever when detection is enabled', async () => {
    const spammy = await run.createProject();
    await run.tenants!.setFeature(spammy.organizationId, 'organizations:user-feedback-spam-ingest', true);
    const event = feedbackEvent({ message: `win money ${SPAM_WORD}` });
    await send(event, spammy);
    const { occurrence } = await groupOf(event, spammy);
    expect(evidenceOf(occurrence)).toMatchObject({ is_spam: true, spam_detection_enabled: true });
    const group = await waitFor(async () => (await run.groups(spammy.projectId)).find((g) => g.status === GroupStatus.IGNORED), { description: 'the spam group archived' });
    expect(group).toMatchObject({ type: 6001, status: 2, substatus: GroupSubStatus.FOREVER });
    expect(group.substatus).toBe(5);
  });

  it('a redelivered message creates one issue', async () => {
    const event = feedbackEvent({ message: 'delivered twice' });
    const bytes = await run.encodeFeedback(event, run.main.projectId);
    await run.sendRaw(bytes);
    await run.sendRaw(bytes);
    await groupOf(event);
    await barrier();
    const groups = (await run.groups()).filter((g) => g.title === 'User Feedback: delivered twice');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.times_seen).toBe('1');
  });
});
