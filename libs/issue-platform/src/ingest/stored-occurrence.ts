import type { IngestOccurrences } from '@issuestream/schemas';
import type { HashedOccurrence } from './group-plan';

/** The occurrence body kept in nodestore under `i-o:<md5(id::project)>`. */
export type StoredOccurrence = Omit<IngestOccurrences.Occurrence, 'payload_type' | 'event' | 'is_buffered_spans'>;

/**
 * The reference's stored form of an occurrence, as JSON: fingerprint already
 * hashed, type as its int id, detection time in epoch seconds, and no inline
 * event (the event is a node of its own; keeping it twice was a third of
 * every body's bytes). The evidence goes in as the search row's serialised
 * text, so it is written once per occurrence.
 */
export function storedOccurrenceJson({ occurrence, hashes, evidence }: HashedOccurrence): string {
  const wire = occurrence.wire;
  const rest: Omit<StoredOccurrence, 'evidence_data' | 'evidence_display'> = {
    id: occurrence.id,
    project_id: occurrence.projectId,
    event_id: occurrence.eventId,
    fingerprint: hashes,
    issue_title: wire.issue_title,
    subtitle: wire.subtitle,
    resource_id: wire.resource_id,
    type: wire.type,
    detection_time: wire.detection_time,
    level: wire.level,
    culprit: wire.culprit,
    initial_issue_priority: wire.initial_issue_priority,
    assignee: wire.assignee,
  };
  return `${JSON.stringify(rest).slice(0, -1)},"evidence_data":${evidence.data},"evidence_display":${evidence.display}}`;
}
