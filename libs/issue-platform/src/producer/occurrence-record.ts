import type { IngestOccurrences, JsonObject } from '@issuestream/schemas';
import type { GroupTypeRegistry } from '../registry/registry';
import { DEFAULT_LOG_LEVEL, isLogLevel, LOG_LEVELS } from '../registry/levels';
import { isIssuePriority } from '../registry/priority';
import { checkFingerprint, checkOptionalObject, checkOptionalString, checkProjectId, checkUuid, show } from './checks';
import { InvalidOccurrenceError, IssueCollector } from './errors';
import type { EventPayload, OccurrenceInput } from './types';
import { newUuidHex } from './uuid';

export interface OccurrenceRecordOptions {
  /** Where `type` must be registered. */
  registry: GroupTypeRegistry;
  /** Clock for the defaults (detection time, event timestamps); default `new Date()`. */
  now?: () => Date;
  /** Position in a batch, for error messages. */
  index?: number;
}

const ASSIGNEE = /^(user|team):[1-9][0-9]*$/;
/** Unix seconds above this are surely milliseconds (it is the year 5138). */
const MAX_PLAUSIBLE_SECONDS = 1e11;
const LEVELS = Object.keys(LOG_LEVELS).join(', ');

/**
 * Checks an occurrence (and the event sent with it) and turns it into the
 * wire record. Throws InvalidOccurrenceError listing every problem found;
 * the Avro schema itself is checked when the record is encoded.
 */
export function toOccurrenceRecord(input: OccurrenceInput, event: EventPayload | undefined, options: OccurrenceRecordOptions): IngestOccurrences.Occurrence {
  const issues = new IssueCollector();
  const fail = () => new InvalidOccurrenceError(issues.issues, options.index);
  if (typeof input !== 'object' || input === null) {
    issues.add('occurrence', `must be an object, got ${show(input)}`);
    throw fail();
  }
  const now = options.now?.() ?? new Date();

  const id = input.id === undefined ? newUuidHex() : checkUuid(issues, 'id', input.id);
  const projectId = checkProjectId(issues, input.projectId);
  const fingerprint = checkFingerprint(issues, input.fingerprint);
  if (typeof input.issueTitle !== 'string' || input.issueTitle.trim() === '') {
    issues.add('issueTitle', `must be a non-empty string, got ${show(input.issueTitle)}`);
  }
  const typeId = checkType(issues, input.type, options.registry);
  const detectionTime = checkDetectionTime(issues, input.detectionTime, now);
  const level = input.level ?? DEFAULT_LOG_LEVEL;
  if (!isLogLevel(level)) issues.add('level', `must be one of ${LEVELS}, got ${show(level)}`);
  const priority = input.initialIssuePriority ?? null;
  if (priority !== null && !isIssuePriority(priority)) {
    issues.add('initialIssuePriority', `must be 25 (low), 50 (medium), 75 (high) or null, got ${show(priority)}`);
  }
  const assignee = checkOptionalString(issues, 'assignee', input.assignee);
  if (typeof assignee === 'string' && !ASSIGNEE.test(assignee)) {
    issues.add('assignee', `must be "user:<id>" or "team:<id>", got ${show(assignee)}`);
  }
  const culprit = checkOptionalString(issues, 'culprit', input.culprit) ?? '';
  const subtitle = checkOptionalString(issues, 'subtitle', input.subtitle);
  const resourceId = checkOptionalString(issues, 'resourceId', input.resourceId);
  const evidenceData = checkOptionalObject(issues, 'evidenceData', input.evidenceData) ?? {};
  const evidenceDisplay = checkEvidence(issues, input.evidenceDisplay);
  if (input.isBufferedSpans !== undefined && typeof input.isBufferedSpans !== 'boolean') {
    issues.add('isBufferedSpans', `must be a boolean, got ${show(input.isBufferedSpans)}`);
  }
  const { eventId, eventRecord } = checkEvent(issues, input, event, projectId, detectionTime, now);

  if (!issues.ok) throw fail();
  return {
    id,
    project_id: projectId,
    event_id: eventId,
    fingerprint,
    issue_title: input.issueTitle,
    subtitle,
    resource_id: resourceId,
    evidence_data: evidenceData as JsonObject,
    evidence_display: evidenceDisplay,
    type: typeId,
    detection_time: detectionTime.getTime() / 1000,
    level,
    culprit,
    initial_issue_priority: priority,
    assignee,
    payload_type: 'occurrence',
    event: eventRecord,
    is_buffered_spans: input.isBufferedSpans ?? false,
  };
}

function checkType(issues: IssueCollector, type: OccurrenceInput['type'], registry: GroupTypeRegistry): number {
  const typeId = typeof type === 'object' && type !== null ? type.typeId : type;
  if (!Number.isInteger(typeId)) {
    issues.add('type', `must be a group type or its type id, got ${show(type)}`);
    return 0;
  }
  const registered = registry.has(typeId) ? registry.getByTypeId(typeId) : undefined;
  if (!registered) {
    issues.add('type', `no group type is registered with type id ${typeId}; register it first`);
  } else if (typeof type === 'object' && type.slug !== registered.slug) {
    issues.add('type', `type id ${typeId} is registered as ${show(registered.slug)}, not ${show(type.slug)}`);
  }
  return typeId;
}

function checkDetectionTime(issues: IssueCollector, value: unknown, now: Date): Date {
  if (value === undefined) return now;
  if (value instanceof Date) {
    if (!Number.isNaN(value.getTime())) return value;
    issues.add('detectionTime', 'must be a valid Date');
    return now;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    issues.add('detectionTime', `must be a Date or Unix seconds, got ${show(value)}`);
    return now;
  }
  if (value > MAX_PLAUSIBLE_SECONDS) {
    issues.add('detectionTime', `must be Unix seconds, got ${value}, which looks like milliseconds (divide by 1000 or pass a Date)`);
  }
  return new Date(value * 1000);
}

function checkEvidence(issues: IssueCollector, value: unknown): IngestOccurrences.IssueEvidence[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.add('evidenceDisplay', `must be an array, got ${show(value)}`);
    return [];
  }
  return value.map((row: unknown, i) => {
    const field = `evidenceDisplay[${i}]`;
    if (typeof row !== 'object' || row === null) {
      issues.add(field, `must be an object with name and value, got ${show(row)}`);
      return { name: '', value: '', important: false };
    }
    const { name, value: text, important } = row as Record<string, unknown>;
    if (typeof name !== 'string') issues.add(`${field}.name`, `must be a string, got ${show(name)}`);
    if (typeof text !== 'string') issues.add(`${field}.value`, `must be a string, got ${show(text)}`);
    if (important !== undefined && typeof important !== 'boolean') issues.add(`${field}.important`, `must be a boolean, got ${show(important)}`);
    return { name: name as string, value: text as string, important: (important as boolean | undefined) ?? false };
  });
}

/**
 * Reconciles the occurrence's event id with the event's and completes the
 * event with the fields the consumer needs. Both ids are sent normalised, so
 * a dashed id on one side and hex on the other still match.
 */
function checkEvent(
  issues: IssueCollector,
  input: OccurrenceInput,
  event: EventPayload | undefined,
  projectId: number,
  detectionTime: Date,
  now: Date,
): { eventId: string; eventRecord: JsonObject | null } {
  const ownId = input.eventId === undefined ? null : checkUuid(issues, 'eventId', input.eventId);
  if (event === undefined || event === null) {
    if (ownId === null) issues.add('eventId', 'is required when no event is given');
    return { eventId: ownId ?? '', eventRecord: null };
  }
  if (checkOptionalObject(issues, 'event', event) === null) return { eventId: ownId ?? '', eventRecord: null };

  const eventsId = event['event_id'] === undefined || event['event_id'] === null ? null : checkUuid(issues, 'event.event_id', event['event_id']);
  if (ownId && eventsId && ownId !== eventsId) {
    issues.add('event.event_id', `must equal the occurrence's eventId (${ownId}), got ${eventsId}`);
  }
  const eventProject = event['project_id'];
  if (eventProject !== undefined && eventProject !== null && eventProject !== projectId) {
    issues.add('event.project_id', `must equal the occurrence's projectId (${show(projectId)}), got ${show(eventProject)}`);
  }
  const eventId = ownId || eventsId || newUuidHex();
  const eventRecord: JsonObject = {
    platform: 'other',
    tags: {},
    timestamp: detectionTime.toISOString(),
    received: now.toISOString(),
    ...event,
    event_id: eventId,
    project_id: projectId,
  };
  return { eventId, eventRecord };
}
