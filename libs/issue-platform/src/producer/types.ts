import type { IngestOccurrences, JsonObject } from '@issuestream/schemas';
import type { GroupTypeAttributes } from '../registry/group-type';
import type { LogLevel } from '../registry/levels';
import type { PriorityLevel } from '../registry/priority';
import type { GroupStatus, GroupSubStatus } from '../registry/status';

/** A row of evidence shown on the issue; mark at most one as important (notifications show it). */
export interface EvidenceInput {
  name: string;
  value: string;
  /** Default false. */
  important?: boolean;
}

/**
 * An occurrence as a platform team writes it (camelCase; the wire record is
 * snake_case). Everything with a default may be left out.
 */
export interface OccurrenceInput {
  /** UUID, dashed or 32 hex digits; default a random one. Sent as 32 lower-case hex digits. */
  id?: string;
  projectId: number;
  /** The stored event this occurrence belongs to. Optional when an event is passed along (its `event_id` is used, or a random one). */
  eventId?: string;
  /** Groups occurrences into one issue (per project); fingerprint[0] is the primary one and the Kafka key. */
  fingerprint: readonly string[];
  issueTitle: string;
  /** Default null. */
  subtitle?: string | null;
  /** Default null. */
  resourceId?: string | null;
  /** Machine-readable evidence; default {}. */
  evidenceData?: JsonObject;
  /** Default []. */
  evidenceDisplay?: readonly EvidenceInput[];
  /** The group type, by id or as the type itself; must be registered. */
  type: number | GroupTypeAttributes;
  /** A Date, or Unix seconds (fractional) as on the wire; default now. */
  detectionTime?: Date | number;
  /** Default `info`. */
  level?: LogLevel;
  /** Default "". */
  culprit?: string;
  /** LOW, MEDIUM or HIGH for a new issue; default null (the type's default priority). */
  initialIssuePriority?: PriorityLevel | null;
  /** `user:<id>` or `team:<id>` to assign a new issue to; default null. */
  assignee?: string | null;
  /** Default false. */
  isBufferedSpans?: boolean;
}

/**
 * An event to store with the occurrence, in the event payload's own
 * (snake_case) form: environment, platform, tags, timestamp, contexts, …
 */
export type EventPayload = JsonObject;

/** A status change for the issue of `fingerprint[0]` in `projectId`. */
export interface StatusChangeInput {
  /** UUID used to deduplicate redeliveries; default a random one. */
  id?: string;
  projectId: number;
  fingerprint: readonly string[];
  /** RESOLVED, IGNORED or UNRESOLVED. */
  newStatus: GroupStatus;
  /** null for RESOLVED; 1, 4 or 5 for IGNORED; 2, 3 or 6 for UNRESOLVED. Default null. */
  newSubstatus?: GroupSubStatus | null;
  /** The workflow-engine detector that decided the change; default null. */
  detectorId?: number | null;
  /** Recorded with the status activity; default null. */
  activityData?: JsonObject | null;
  /** When the change happened (Date or ISO 8601 string); default null, i.e. when processed. */
  updateDate?: Date | string | null;
  /** Activity to record without an actual status change; default null. */
  activityType?: number | null;
}

/** What was sent: the topic, the message key and the wire record. */
export interface Produced<R> {
  readonly topic: string;
  readonly key: string;
  readonly record: R;
}

export type ProducedOccurrence = Produced<IngestOccurrences.Occurrence>;
export type ProducedStatusChange = Produced<IngestOccurrences.StatusChange>;
