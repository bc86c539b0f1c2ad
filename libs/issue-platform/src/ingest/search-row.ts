import type { SearchIssueRow } from '@issuestream/issues-data';
import type { HashedOccurrence } from './group-plan';
import type { IncomingOccurrence } from './incoming';

function stringTags(tags: unknown): Record<string, string> {
  if (Array.isArray(tags)) {
    // Relay-normalised events carry tags as [key, value] pairs.
    return Object.fromEntries(tags.filter((t): t is [string, unknown] => Array.isArray(t) && typeof t[0] === 'string').map(([k, v]) => [k, String(v)]));
  }
  if (tags && typeof tags === 'object') return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)]));
  return {};
}

function receivedMs(event: IncomingOccurrence['event'], fallback: number): number {
  const received = event?.['received'];
  if (typeof received === 'number') return Math.round(received * 1000);
  if (typeof received === 'string') {
    const parsed = Date.parse(received);
    if (!Number.isNaN(parsed)) return parsed;
  }
  return fallback;
}

/** The searchable ClickHouse row of a grouped occurrence. */
export function searchRow({ occurrence: o, hashes, evidence }: HashedOccurrence, groupId: number, now: number): SearchIssueRow {
  const event = o.event;
  return {
    occurrence_id: o.id,
    project_id: o.projectId,
    group_id: groupId,
    type: o.typeId,
    event_id: o.eventId,
    title: o.title,
    subtitle: o.subtitle,
    culprit: o.culprit,
    level: o.level,
    fingerprint_hash: hashes[0] ?? '',
    environment: typeof event?.['environment'] === 'string' ? event['environment'] : '',
    release: typeof event?.['release'] === 'string' ? event['release'] : '',
    tags: stringTags(event?.['tags']),
    resource_id: o.resourceId,
    evidence_data: evidence.data,
    evidence_display: evidence.display,
    detection_time: o.detectionTime.getTime(),
    receive_time: receivedMs(event, now),
  };
}
