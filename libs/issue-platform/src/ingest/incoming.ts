import type { IngestOccurrences, JsonObject } from '@issuestream/schemas';
import { isLogLevel, LOG_LEVELS } from '../registry';

type WireOccurrence = IngestOccurrences.Occurrence;
type WireStatusChange = IngestOccurrences.StatusChange;

export interface IncomingOccurrence {
  kind: 'occurrence';
  /** 32 lower-case hex. */
  id: string;
  projectId: number;
  eventId: string;
  fingerprint: string[];
  typeId: number;
  title: string;
  subtitle: string;
  culprit: string;
  level: string;
  /** Numeric log level for the group; null for a level the reference does not know. */
  levelNumber: number | null;
  priority: number | null;
  resourceId: string | null;
  evidenceData: JsonObject;
  evidenceDisplay: WireOccurrence['evidence_display'];
  detectionTime: Date;
  /** The event built from the inline payload, or null when only event_id was sent. */
  event: JsonObject | null;
  wire: WireOccurrence;
}

export interface IncomingStatusChange {
  kind: 'status_change';
  id: string;
  projectId: number;
  fingerprint: string[];
  newStatus: number;
  newSubstatus: number | null;
}

export type Incoming = IncomingOccurrence | IncomingStatusChange;

/** A message the consumer can never process, with the field at fault. */
export class InvalidPayload extends Error {
  constructor(
    readonly reason: string,
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function normaliseUuid(value: string, field: string): string {
  if (!UUID.test(value)) throw new InvalidPayload('invalid_uuid', field, `not a UUID: ${JSON.stringify(value)}`);
  return value.replace(/-/g, '').toLowerCase();
}

function requireFingerprint(fingerprint: readonly string[]): string[] {
  if (fingerprint.length === 0) throw new InvalidPayload('missing_fingerprint', 'fingerprint', 'must not be empty');
  return [...fingerprint];
}

/** Keys the reference copies from an inline event when present. */
const COPIED_EVENT_KEYS = [
  'breadcrumbs', 'contexts', 'debug_meta', 'dist', 'environment', 'extra', 'modules', 'release',
  'request', 'sdk', 'server_name', 'stacktrace', 'trace_id', 'transaction', 'user',
] as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

function isTimestamp(value: unknown): boolean {
  return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && ISO_DATE.test(value));
}

/**
 * Builds the stored event from an inline payload the way the reference does
 * (a fixed set of keys, level from the occurrence, metadata.title from the
 * issue title) and checks the legacy minimum: ids, platform, tags, timestamp.
 */
function buildEvent(raw: JsonObject, occurrence: WireOccurrence, eventId: string, projectId: number): JsonObject {
  const platform = raw['platform'];
  if (typeof platform !== 'string' || platform === '') throw new InvalidPayload('invalid_event', 'event.platform', 'must be a non-empty string');
  const tags = raw['tags'] ?? {};
  if (typeof tags !== 'object' || tags === null) throw new InvalidPayload('invalid_event', 'event.tags', 'must be an object');
  const timestamp = raw['timestamp'];
  if (!isTimestamp(timestamp)) throw new InvalidPayload('invalid_event', 'event.timestamp', 'must be a date-time string or epoch seconds');
  if (raw['received'] !== undefined && raw['received'] !== null && !isTimestamp(raw['received'])) {
    throw new InvalidPayload('invalid_event', 'event.received', 'must be a date-time string or epoch seconds');
  }
  const event: JsonObject = {
    event_id: eventId,
    level: occurrence.level,
    project_id: projectId,
    platform,
    received: raw['received'] ?? new Date().toISOString(),
    tags,
    timestamp: timestamp ?? null,
  };
  for (const key of COPIED_EVENT_KEYS) if (raw[key] !== undefined) event[key] = raw[key] ?? null;
  event['metadata'] = { title: occurrence.issue_title };
  return event;
}

function parseOccurrence(wire: WireOccurrence): IncomingOccurrence {
  const id = normaliseUuid(wire.id, 'id');
  const fingerprint = requireFingerprint(wire.fingerprint);
  if (!Number.isFinite(wire.detection_time)) throw new InvalidPayload('invalid_detection_time', 'detection_time', 'must be epoch seconds');
  if (wire.issue_title.trim() === '') throw new InvalidPayload('missing_title', 'issue_title', 'must not be empty');
  let eventId: string;
  let event: JsonObject | null = null;
  if (wire.event) {
    const rawId = wire.event['event_id'];
    if (typeof rawId !== 'string') throw new InvalidPayload('missing_event_id', 'event.event_id', 'payload must contain an event_id');
    eventId = normaliseUuid(rawId, 'event.event_id');
    if (wire.event_id !== null && normaliseUuid(wire.event_id, 'event_id') !== eventId) {
      throw new InvalidPayload('event_id_mismatch', 'event_id', 'differs from event.event_id');
    }
    const eventProject = wire.event['project_id'];
    if (eventProject !== undefined && eventProject !== wire.project_id) {
      throw new InvalidPayload('project_mismatch', 'event.project_id', `project_id in occurrence (${wire.project_id}) is different from project_id in event (${String(eventProject)})`);
    }
    event = buildEvent(wire.event, wire, eventId, wire.project_id);
  } else if (wire.event_id !== null) {
    eventId = normaliseUuid(wire.event_id, 'event_id');
  } else {
    throw new InvalidPayload('missing_event', 'event_id', 'payload must contain either event_id or event');
  }
  return {
    kind: 'occurrence',
    id,
    projectId: wire.project_id,
    eventId,
    fingerprint,
    typeId: wire.type,
    title: wire.issue_title,
    subtitle: wire.subtitle ?? '',
    culprit: wire.culprit ?? '',
    level: wire.level,
    levelNumber: isLogLevel(wire.level) ? LOG_LEVELS[wire.level] : null,
    priority: wire.initial_issue_priority,
    resourceId: wire.resource_id,
    evidenceData: wire.evidence_data,
    evidenceDisplay: wire.evidence_display,
    detectionTime: new Date(wire.detection_time * 1000),
    event,
    wire,
  };
}

function parseStatusChange(wire: WireStatusChange): IncomingStatusChange {
  return {
    kind: 'status_change',
    id: normaliseUuid(wire.id, 'id'),
    projectId: wire.project_id,
    fingerprint: requireFingerprint(wire.fingerprint),
    newStatus: wire.new_status,
    newSubstatus: wire.new_substatus,
  };
}

/** What the consumer really needs from a decoded message, checked beyond the Avro schema. */
export function parseIncoming(message: IngestOccurrences.IngestOccurrencesMessage): Incoming {
  return message.payload_type === 'status_change' ? parseStatusChange(message) : parseOccurrence(message);
}
