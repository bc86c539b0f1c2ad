// Fixtures for tests that feed issue-platform hand-offs into the alert step
// (this library's tests and apps/post-process'). Imported as
// `@issuestream/alerts/testing`, never from production code.
import { randomUUID } from 'node:crypto';
import { buildFeedbackIssue, FeedbackCreationSource } from '@issuestream/feedback';
import { feedbackEvent } from '@issuestream/feedback/testing';
import { eventNodeId, occurrenceNodeId } from '@issuestream/issue-platform';
import { putNodes } from '@issuestream/issues-data';
import type { GenericEvents, JsonObject } from '@issuestream/schemas';
import { withTransaction } from '@issuestream/storage';
import type { Pool } from 'pg';

export interface StoredFeedback {
  /** The hand-off ingest-occurrences would write to generic-events for this feedback's new issue. */
  handoff: GenericEvents.PostProcessHandoff;
  message: string;
}

export interface FeedbackOptions {
  projectId: number;
  groupId: number;
  message?: string;
  name?: string;
  contactEmail?: string;
  url?: string;
  source?: FeedbackCreationSource;
  isSpam?: boolean;
}

/**
 * Stores a feedback's occurrence and event in the nodestore as
 * ingest-occurrences does (same builder as the feedback consumer) and returns
 * the hand-off of its newly created issue.
 */
export async function storeFeedback(pool: Pool, options: FeedbackOptions): Promise<StoredFeedback> {
  const message = options.message ?? `The checkout button does nothing ${randomUUID().slice(0, 8)}`;
  const event = feedbackEvent({
    message,
    ...(options.name === undefined ? { name: 'Jane Doe' } : { name: options.name }),
    ...(options.contactEmail === undefined ? { contact_email: 'jane@example.com' } : { contact_email: options.contactEmail }),
    url: options.url ?? 'https://shop.example.com/checkout',
  });
  const { occurrence, event: fixed } = buildFeedbackIssue(event as JsonObject, {
    projectId: options.projectId,
    eventId: event.event_id,
    source: options.source ?? FeedbackCreationSource.NEW_FEEDBACK_ENVELOPE,
    isSpam: options.isSpam ?? null,
    spamDetectionEnabled: options.isSpam !== undefined,
  });
  const id = occurrence.id ?? randomUUID().replace(/-/g, '');
  const eventId = occurrence.eventId ?? event.event_id;
  await withTransaction(pool, (client) =>
    putNodes(client, [
      {
        id: occurrenceNodeId(id, options.projectId),
        data: {
          id,
          project_id: options.projectId,
          event_id: eventId,
          fingerprint: occurrence.fingerprint,
          issue_title: occurrence.issueTitle,
          subtitle: occurrence.subtitle,
          evidence_data: occurrence.evidenceData,
          type: 6001,
          level: occurrence.level,
          culprit: occurrence.culprit,
        },
      },
      { id: eventNodeId(options.projectId, eventId), data: fixed },
    ]),
  );
  return {
    message,
    handoff: {
      occurrence_id: id,
      event_id: eventId,
      project_id: options.projectId,
      group_id: options.groupId,
      type_id: 6001,
      primary_hash: null,
      is_new: true,
      is_regression: false,
      is_new_group_environment: true,
      group_state: { status: 0, substatus: 7, priority: 50, times_seen: 1 },
      received: Date.now() / 1000,
    },
  };
}
