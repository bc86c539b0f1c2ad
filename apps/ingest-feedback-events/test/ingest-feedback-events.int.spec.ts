import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { feedbackIds, UNREAL_FEEDBACK_UNATTENDED_MESSAGE } from '@issuestream/feedback';
import { GroupStatus, GroupSubStatus } from '@issuestream/issue-platform';
import { createGroups, eventNodeId, putNodes, recordErrorEvents } from '@issuestream/issues-data';
import type { IngestOccurrences } from '@issuestream/schemas';
import { FEEDBACK_ORGANIZATION_SLUG_DENYLIST, withTransaction } from '@issuestream/storage';
import { fixturePath, waitFor } from '@issuestream/testing';
import { feedbackEvent, SPAM_WORD, type TestProject } from '@issuestream/feedback/testing';
import { FeedbackRun, isOccurrence, isStatusChange } from './ingest-feedback-events.harness';

jest.setTimeout(120000);

const widgetFixture = fixturePath('ingest-feedback-events.widget.msgpack');

let run: FeedbackRun;
beforeAll(async () => {
  run = new FeedbackRun();
  await run.start();
});
afterAll(() => run?.stop());

const hex = () => randomUUID().replace(/-/g, '');


async function send(event: Record<string, unknown>, project: TestProject = run.main): Promise<void> {
  await run.sendRaw(await run.encodeFeedback(event, project.projectId));
}

/** Waits for the occurrence produced for one feedback (its id is derived from project and event id). */
async function occurrenceOf(event: Record<string, unknown>, project: TestProject = run.main): Promise<IngestOccurrences.Occurrence> {
  const [occurrence] = await run.occurrencesOf(project.projectId, String(event['event_id']));
  return occurrence!;
}

/**
 * Everything on the occurrences topic up to a feedback sent now: with one
 * partition per topic, its occurrence follows whatever was produced for the
 * feedback sent before it.
 */
async function producedSoFar(): Promise<IngestOccurrences.IngestOccurrencesMessage[]> {
  const event = feedbackEvent({ message: `barrier ${hex()}` });
  await send(event);
  const { occurrenceId } = feedbackIds(run.main.projectId, String(event['event_id']));
  return run.produced((messages) => messages.some((m) => isOccurrence(m) && m.id === occurrenceId));
}

describe('ingest-feedback-events (real Kafka, registry, Postgres)', () => {
  it('produces an Avro feedback as a type-6001 occurrence with its title, evidence and event, and an accepted outcome', async () => {
    const message = 'The checkout button does nothing when I click it twice in a row, please fix';
    const event = feedbackEvent({ message, contact_email: 'jane@example.com', name: 'Jane' }, { level: 'warning' });
    await send(event);
    const occurrence = await occurrenceOf(event);
    const ids = feedbackIds(run.main.projectId, String(event['event_id']));
    expect(occurrence).toMatchObject({
      id: ids.occurrenceId, fingerprint: [ids.fingerprint], project_id: run.main.projectId, event_id: event['event_id'], type: 6001, culprit: 'user',
      level: 'warning', issue_title: 'User Feedback: The checkout button does nothing when I click it twice...', subtitle: message,
    });
    expect(occurrence.evidence_data).toEqual({
      contact_email: 'jane@example.com', name: 'Jane', message,
      source: 'new_feedback_envelope', is_spam: null, spam_detection_enabled: false, summary: 'The checkout button does nothing when I click it twice...',
    });
    expect(occurrence.event).toMatchObject({ event_id: event['event_id'], project_id: run.main.projectId, platform: 'javascript' });
    const [outcome] = await run.outcomes((o) => o.event_id === event['event_id']);
    expect(outcome).toMatchObject({ outcome: 0, reason: null, category: 14, quantity: 1, project_id: run.main.projectId, org_id: run.main.organizationId });
  });

  it('accepts the real Relay msgpack record', async () => {
    // Only the project changes (each run has its own project, so the fixture's event id still makes a new occurrence id).
    const record = msgpackDecode(readFileSync(widgetFixture)) as Record<string, unknown>;
    const eventId = String(record['event_id']);
    const rewritten = msgpackEncode({ ...record, project_id: run.main.projectId });
    await run.sendRaw(Buffer.from(rewritten.buffer, rewritten.byteOffset, rewritten.byteLength));
    const occurrence = await occurrenceOf({ event_id: eventId });
    expect(occurrence).toMatchObject({ type: 6001, issue_title: 'User Feedback: fakrevkj', culprit: 'user' });
    expect(occurrence.evidence_data).toMatchObject({ message: 'fakrevkj', contact_email: 'john@doe', name: 'john doe', source: 'new_feedback_envelope', is_spam: null });
  });

  it('filters each reason: no occurrence, an INVALID outcome with the reason', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['missing_context', { contexts: {} }],
      ['unreal.unattended', feedbackEvent({ message: UNREAL_FEEDBACK_UNATTENDED_MESSAGE })],
      ['empty', feedbackEvent({ message: '   ' })],
      ['too_large', feedbackEvent({ message: 'x'.repeat(4097) })],
      ['invalid_associated_event_id', feedbackEvent({ message: 'ok', associated_event_id: 'nope' })],
    ];
    const events = cases.map(([reason, shape]) => ({ reason, event: { ...feedbackEvent({ message: 'x' }), ...shape, event_id: hex() } }));
    for (const { event } of events) await send(event);
    const ids = new Set(events.map((e) => e.event.event_id));
    const outcomes = await run.outcomes((o) => ids.has(o.event_id ?? ''), events.length);
    for (const { reason, event } of events) expect(outcomes.find((o) => o.event_id === event.event_id)).toMatchObject({ outcome: 3, reason, category: 14 });
    const filteredIds = new Set(events.map(({ event }) => feedbackIds(run.main.projectId, event.event_id).occurrenceId));
    expect((await producedSoFar()).filter((m) => filteredIds.has(m.id))).toEqual([]);
  });

  it('produces nothing for an organisation with the ingest flag off or on the denylist', async () => {
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
    const gated = new Set([off.projectId, denied.projectId]);
    expect((await producedSoFar()).filter((m) => gated.has(m.project_id))).toEqual([]);
  });

  it('marks spam when detection is enabled and archives it forever with a status change after its occurrence', async () => {
    const spammy = await run.createProject();
    await run.tenants!.setFeature(spammy.organizationId, 'organizations:user-feedback-spam-ingest', true);
    const event = feedbackEvent({ message: `win money ${SPAM_WORD}` });
    await send(event, spammy);
    const occurrence = await occurrenceOf(event, spammy);
    expect(occurrence.evidence_data).toMatchObject({ is_spam: true, spam_detection_enabled: true });
    const messages = await run.produced((all) => all.some((m) => isStatusChange(m) && m.project_id === spammy.projectId));
    const change = messages.find((m) => isStatusChange(m) && m.project_id === spammy.projectId);
    expect(change).toMatchObject({
      payload_type: 'status_change', fingerprint: occurrence.fingerprint, new_status: GroupStatus.IGNORED, new_substatus: GroupSubStatus.FOREVER,
    });
    expect(messages.indexOf(change!)).toBeGreaterThan(messages.findIndex((m) => m.id === occurrence.id));
  });

  it('produces a redelivered message again with the same occurrence id and fingerprint', async () => {
    const event = feedbackEvent({ message: 'delivered twice' });
    const bytes = await run.encodeFeedback(event, run.main.projectId);
    await run.sendRaw(bytes);
    await run.sendRaw(bytes);
    const [first, second] = await run.occurrencesOf(run.main.projectId, String(event['event_id']), 2);
    expect(second).toMatchObject({ id: first!.id, fingerprint: first!.fingerprint, issue_title: 'User Feedback: delivered twice' });
  });

  describe('user reports and project flags', () => {
    /** Waits until every listed feedback has its ACCEPTED outcome: by then its batch wrote its user reports and flags. */
    const processed = async (...events: Record<string, unknown>[]) => {
      const ids = new Set(events.map((e) => String(e['event_id'])));
      await run.outcomes((o) => ids.has(o.event_id ?? '') && o.outcome === 0, events.length);
    };

    it('stores one user report for feedback about an error event, in the environment of the event, and flags the project', async () => {
      const project = await run.createProject();
      expect(await run.projectFlags(project.projectId)).toEqual({ has_feedbacks: false, has_new_feedbacks: false });
      const errorId = hex();
      const dashed = `${errorId.slice(0, 8)}-${errorId.slice(8, 12)}-${errorId.slice(12, 16)}-${errorId.slice(16, 20)}-${errorId.slice(20)}`.toUpperCase();
      const timestamp = 1_750_000_000.25;
      const event = feedbackEvent({ message: 'The page went blank after saving', name: 'Jane', contact_email: 'jane@example.com', associated_event_id: dashed }, { environment: 'staging', timestamp });
      await send(event, project);
      const [report] = await waitFor(async () => ((await run.userReports(project.projectId)).length > 0 ? run.userReports(project.projectId) : undefined), { description: 'the user report' });
      expect(report).toEqual({
        event_id: errorId, group_id: null, name: 'Jane', email: 'jane@example.com', comments: 'The page went blank after saving',
        date_added: new Date(timestamp * 1000), environment: 'staging', environment_organization_id: project.organizationId,
      });
      await processed(event);
      expect(await run.userReports(project.projectId)).toHaveLength(1);
      expect(await run.projectFlags(project.projectId)).toEqual({ has_feedbacks: true, has_new_feedbacks: true });
    });

    it('gives the report of feedback about a stored error that error’s issue and environment', async () => {
      const project = await run.createProject();
      const errorId = hex();
      const occurredAt = new Date(Date.now() - 60_000);
      // The error as ingest-events stores it: its issue, its error_events row, its nodestore document.
      const groupId = await withTransaction(run.pool!, async (client) => {
        const { created } = await createGroups(client, [{
          projectId: project.projectId, type: 1, primaryHash: errorId, status: 0, substatus: 7, timesSeen: 1, firstSeen: occurredAt, lastSeen: occurredAt,
          level: 40, title: 'Error: boom', culprit: 'app', message: 'boom', priority: 75, platform: 'javascript', metadata: {},
        }]);
        const id = created[0]!.id;
        await recordErrorEvents(client, [{
          projectId: project.projectId, eventId: errorId, groupId: id, primaryHash: errorId, isNew: true, isRegression: false, isNewGroupEnvironment: true,
          occurredAt, environment: 'checkout',
        }]);
        await putNodes(client, [{ id: eventNodeId(project.projectId, errorId), data: { event_id: errorId, environment: 'checkout' } }]);
        return id;
      });
      const event = feedbackEvent({ message: 'It broke right after paying', associated_event_id: errorId }, { environment: 'production' });
      await send(event, project);
      await processed(event);
      expect(await run.userReports(project.projectId)).toEqual([expect.objectContaining({ event_id: errorId, group_id: String(groupId), environment: 'checkout' })]);
    });

    it('keeps one report when the same feedback is delivered again, at once or later', async () => {
      const project = await run.createProject();
      const errorId = hex();
      const event = feedbackEvent({ message: 'Delivered more than once', associated_event_id: errorId });
      const bytes = await run.encodeFeedback(event, project.projectId);
      await run.sendRaw(bytes);
      await run.sendRaw(bytes);
      await processed(event, event);
      await run.sendRaw(bytes);
      await processed(event, event, event);
      const reports = await run.userReports(project.projectId);
      expect(reports).toHaveLength(1);
      // No environment on the event: the fixed event's default.
      expect(reports[0]).toMatchObject({ event_id: errorId, comments: 'Delivered more than once', name: '', email: '', environment: 'production' });
      const { rows } = await run.pool!.query<{ n: number }>('SELECT count(*)::int AS n FROM environments WHERE organization_id = $1', [project.organizationId]);
      expect(rows[0]?.n).toBe(1);
    });

    it('replaces the report with a second feedback about the same error within five minutes', async () => {
      const project = await run.createProject();
      const errorId = hex();
      const first = feedbackEvent({ message: 'First thoughts', associated_event_id: errorId });
      await send(first, project);
      await processed(first);
      const second = feedbackEvent({ message: 'Second thoughts', name: 'Jo', associated_event_id: errorId });
      await send(second, project);
      await processed(second);
      const reports = await run.userReports(project.projectId);
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ event_id: errorId, comments: 'Second thoughts', name: 'Jo', date_added: new Date(Number(first['timestamp']) * 1000) });
    });

    it('stores no report for feedback without an associated event, and still flags the project', async () => {
      const project = await run.createProject();
      const event = feedbackEvent({ message: 'Just saying hello' });
      await send(event, project);
      await processed(event);
      expect(await run.userReports(project.projectId)).toEqual([]);
      expect(await run.projectFlags(project.projectId)).toEqual({ has_feedbacks: true, has_new_feedbacks: true });
    });

    it('refuses a report the reference would refuse, with an INVALID outcome, while the feedback occurrence is still produced', async () => {
      const project = await run.createProject();
      const event = feedbackEvent({ message: 'Long name', name: 'n'.repeat(129), associated_event_id: hex() });
      await send(event, project);
      await processed(event);
      expect(await occurrenceOf(event, project)).toMatchObject({ issue_title: 'User Feedback: Long name' });
      const [outcome] = await run.outcomes((o) => o.project_id === project.projectId && o.outcome === 3);
      expect(outcome).toMatchObject({ reason: 'Name Too Large', category: 14, quantity: 1, event_id: null, org_id: project.organizationId });
      expect(await run.userReports(project.projectId)).toEqual([]);
    });

    it('leaves the flags unset for a project whose feedback was all filtered', async () => {
      const project = await run.createProject();
      const event = feedbackEvent({ message: '   ', associated_event_id: hex() });
      await send(event, project);
      await run.outcomes((o) => o.event_id === event['event_id']);
      expect(await run.projectFlags(project.projectId)).toEqual({ has_feedbacks: false, has_new_feedbacks: false });
      expect(await run.userReports(project.projectId)).toEqual([]);
    });
  });
});
