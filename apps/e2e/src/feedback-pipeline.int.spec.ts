import { randomUUID } from 'node:crypto';
import { GroupStatus, GroupSubStatus } from '@issuestream/issue-platform';
import { waitFor } from '@issuestream/testing';
import { feedbackEvent, SPAM_WORD } from '@issuestream/feedback/testing';
import { FeedbackPipeline } from './feedback-pipeline.harness';

jest.setTimeout(120000);

let run: FeedbackPipeline;
beforeAll(async () => {
  run = new FeedbackPipeline();
  await run.start();
});
afterAll(() => run?.stop());

const hex = () => randomUUID().replace(/-/g, '');


async function send(event: Record<string, unknown>, projectId = run.main.projectId): Promise<void> {
  await run.sendRaw(await run.encodeFeedback(event, projectId));
}

const evidenceOf = (occurrence: Record<string, unknown>) => {
  const data = occurrence['evidence_data'];
  return (typeof data === 'string' ? JSON.parse(data) : data) as Record<string, unknown>;
};

describe('ingest-feedback-events → ingest-occurrences (real Kafka, registry, Postgres, Redis, ClickHouse)', () => {
  it('turns an Avro feedback into an unresolved feedback issue with its evidence and a search row', async () => {
    const message = 'The checkout button does nothing when I click it twice in a row, please fix';
    const event = feedbackEvent({ message, contact_email: 'jane@example.com', name: 'Jane' });
    await send(event);
    const { group, occurrence } = await run.issueOf(event.event_id);
    const title = 'User Feedback: The checkout button does nothing when I click it twice...';
    expect(group).toMatchObject({ type: 6001, status: GroupStatus.UNRESOLVED, culprit: 'user', title, times_seen: '1' });
    expect(evidenceOf(occurrence)).toEqual({
      contact_email: 'jane@example.com', name: 'Jane', message,
      source: 'new_feedback_envelope', is_spam: null, spam_detection_enabled: false, summary: 'The checkout button does nothing when I click it twice...',
    });
    const row = await waitFor(async () => (await run.feedbackSearchRows()).find((r) => r.title === title), { description: 'its search_issues row' });
    expect(row.subtitle).toBe(message);
  });

  it('archives the issue of a spam feedback forever', async () => {
    const spammy = await run.createProject();
    await run.tenants!.setFeature(spammy.organizationId, 'organizations:user-feedback-spam-ingest', true);
    const event = feedbackEvent({ message: `win money ${SPAM_WORD}` });
    await send(event, spammy.projectId);
    const { occurrence } = await run.issueOf(event.event_id, spammy.projectId);
    expect(evidenceOf(occurrence)).toMatchObject({ is_spam: true, spam_detection_enabled: true });
    const group = await waitFor(async () => (await run.groups(spammy.projectId)).find((g) => g.status === GroupStatus.IGNORED), { description: 'the spam group archived' });
    expect(group).toMatchObject({ type: 6001, status: 2, substatus: GroupSubStatus.FOREVER });
    expect(group.substatus).toBe(5);
  });

  it('a redelivered feedback makes one issue, seen once', async () => {
    const event = feedbackEvent({ message: 'delivered twice' });
    const bytes = await run.encodeFeedback(event, run.main.projectId);
    await run.sendRaw(bytes);
    await run.sendRaw(bytes);
    await run.issueOf(event.event_id);
    // A feedback sent after both copies: once it is an issue, both copies have been ingested (one partition everywhere).
    const barrier = feedbackEvent({ message: `barrier ${hex()}` });
    await send(barrier);
    await run.issueOf(barrier.event_id);
    const groups = (await run.groups()).filter((g) => g.title === 'User Feedback: delivered twice');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.times_seen).toBe('1');
  });
});
