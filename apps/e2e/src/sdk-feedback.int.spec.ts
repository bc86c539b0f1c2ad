import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import * as Sentry from '@sentry/node';
import { testAppEnv, waitFor } from '@issuestream/testing';
import { FeedbackPipeline, startRelayWithSdk } from './feedback-pipeline.harness';

jest.setTimeout(120000);

let run: FeedbackPipeline;
let relay: INestApplication;

beforeAll(async () => {
  run = new FeedbackPipeline();
  await run.start();
  relay = await startRelayWithSdk(run, testAppEnv());
});

afterAll(async () => {
  await Sentry.close(2000);
  await relay?.close();
  await run?.stop();
});

async function feedbackIssue(message: string) {
  const title = `User Feedback: ${message}`;
  const group = await waitFor(async () => (await run.groups()).find((g) => g.title === title), { description: `the issue "${title}"` });
  const row = await waitFor(async () => (await run.feedbackSearchRows()).find((r) => r.title === title), { description: 'its search_issues row' });
  return { group, row };
}

describe('a real @sentry/node SDK → relay → ingest-feedback-events → ingest-occurrences', () => {
  it('turns captureFeedback into a feedback issue with its evidence and tags', async () => {
    const message = `The checkout button does nothing ${randomUUID().slice(0, 6)}`;
    Sentry.captureFeedback({ message, name: 'Jane Doe', email: 'jane@example.com' });
    await Sentry.flush(5000);
    const { group, row } = await feedbackIssue(message);
    expect(group).toMatchObject({ type: 6001, status: 0, substatus: 7, times_seen: '1' });
    expect(row.subtitle).toBe(message);
    expect(row.environment).toBe('e2e');
    const evidence = JSON.parse(row.evidence_data) as Record<string, unknown>;
    expect(evidence).toMatchObject({ message, name: 'Jane Doe', contact_email: 'jane@example.com' });
    expect(row.tags['user.email']).toBe('jane@example.com');
  });

  it('accepts anonymous feedback', async () => {
    const message = `Anonymous thoughts ${randomUUID().slice(0, 6)}`;
    Sentry.captureFeedback({ message });
    await Sentry.flush(5000);
    const { row } = await feedbackIssue(message);
    const evidence = JSON.parse(row.evidence_data) as Record<string, unknown>;
    expect(evidence['message']).toBe(message);
    expect(evidence['contact_email'] ?? null).toBeNull();
  });

  it('keeps the associated event id', async () => {
    const message = `It crashed right after saving ${randomUUID().slice(0, 6)}`;
    const associatedEventId = randomUUID().replace(/-/g, '');
    Sentry.captureFeedback({ message, associatedEventId });
    await Sentry.flush(5000);
    const { row } = await feedbackIssue(message);
    const evidence = JSON.parse(row.evidence_data) as Record<string, unknown>;
    expect(evidence['associated_event_id']).toBe(associatedEventId);
  });
});
