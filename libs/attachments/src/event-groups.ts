import type { EventAttachmentStore } from '@issuestream/attachments-data';
import { feedbackEventGroups, storedErrorEvents } from '@issuestream/issues-data';
import type { Pool } from 'pg';

export interface EventRef {
  readonly projectId: number;
  readonly eventId: string;
}

/**
 * Gives attachments stored without a group the issue of their event when
 * that event is stored already: an error event (error_events) or a feedback
 * (its feedback occurrence). Must run after the attachment rows committed:
 * a feedback issue committed after this lookup is linked from the other side
 * (`OccurrenceAttachmentLinker`, after ingest-occurrences commits), and one
 * of the two always sees the other's committed row, whatever the order.
 * Late error events are linked by post-process (`update_existing_attachments`).
 */
export async function linkToStoredEvents(pool: Pool, store: EventAttachmentStore, events: readonly EventRef[]): Promise<number> {
  const distinct = [...new Map(events.map((e) => [`${e.projectId}:${e.eventId}`, e])).values()];
  if (distinct.length === 0) return 0;
  const [errors, feedbacks] = await Promise.all([storedErrorEvents(pool, distinct), feedbackEventGroups(pool, distinct)]);
  const links = [
    ...[...errors.values()].map((e) => ({ projectId: e.projectId, eventId: e.eventId, groupId: e.groupId })),
    ...feedbacks,
  ];
  return store.assignGroup(links);
}
