// Generated from schemas/ingest-occurrences.avsc by tools/schemas/generate-types.ts. Do not edit.
import type { TopicDefinition } from '../avro-schema';
import type { JsonObject } from '../json';

/** An issue-platform occurrence: one sighting of a problem, grouped into an issue by its fingerprint. Either event_id (an event stored earlier) or an inline event with its own event_id must be given. (Avro record sentry.kafka.ingest_occurrences.Occurrence.) */
export interface Occurrence {
  /** Occurrence id: a UUID, dashed or 32 hex characters. */
  id: string;
  project_id: number;
  /** Id of the event this occurrence is attached to. Optional when `event` is present; then event.event_id is used. (Default: null.) */
  event_id: null | string;
  /** Raw grouping fingerprint; each part is MD5-hashed by the consumer and fingerprint[0] is the primary hash. */
  fingerprint: string[];
  issue_title: string;
  /** Second line of the issue; the key is required but may be null. */
  subtitle: null | string;
  /** Producer-specific id of the resource the problem is about. (Default: null.) */
  resource_id: null | string;
  /** Free-form JSON object with machine-readable evidence (e.g. detector_id; feedback's contact_email, message, name, source). Defaults to the empty object, written "{ }" because Apicurio cannot detect the schema type when a default is exactly "{}". (Default: { }.) */
  evidence_data: JsonObject;
  /** Evidence rows; send [] when there are none. (Default: [].) */
  evidence_display: IssueEvidence[];
  /** GroupType id (e.g. 4001 for cron monitor failures, 6001 for feedback). */
  type: number;
  /** When the problem was detected, in fractional Unix seconds. */
  detection_time: number;
  /** Log level name: sample, debug, info, warning, error or fatal. (Default: "info".) */
  level: string;
  /** Culprit shown under the title; null or empty means "". (Default: null.) */
  culprit: null | string;
  /** Priority for a new issue (25 low, 50 medium, 75 high); null means the GroupType's default. (Default: null.) */
  initial_issue_priority: null | number;
  /** Actor to assign a new issue to, as user:<id> or team:<id>. (Default: null.) */
  assignee: null | string;
  /** Always "occurrence"; a missing or null payload_type on input means occurrence. (Default: "occurrence".) */
  payload_type: OccurrencePayloadType;
  /** Inline event payload (a JSON object with event_id, project_id, platform, tags, timestamp, ...) saved together with the occurrence. (Default: null.) */
  event: null | JsonObject;
  /** When true and an event is given, the consumer uses a lightweight in-memory event instead of saving it. (Default: false.) */
  is_buffered_spans: boolean;
}

/** Occurrence as a producer passes it: fields with a default may be left out. */
export interface OccurrenceInput {
  /** Occurrence id: a UUID, dashed or 32 hex characters. */
  id: string;
  project_id: number;
  /** Id of the event this occurrence is attached to. Optional when `event` is present; then event.event_id is used. (Default: null.) */
  event_id?: null | string;
  /** Raw grouping fingerprint; each part is MD5-hashed by the consumer and fingerprint[0] is the primary hash. */
  fingerprint: string[];
  issue_title: string;
  /** Second line of the issue; the key is required but may be null. */
  subtitle: null | string;
  /** Producer-specific id of the resource the problem is about. (Default: null.) */
  resource_id?: null | string;
  /** Free-form JSON object with machine-readable evidence (e.g. detector_id; feedback's contact_email, message, name, source). Defaults to the empty object, written "{ }" because Apicurio cannot detect the schema type when a default is exactly "{}". (Default: { }.) */
  evidence_data?: JsonObject;
  /** Evidence rows; send [] when there are none. (Default: [].) */
  evidence_display?: IssueEvidence[];
  /** GroupType id (e.g. 4001 for cron monitor failures, 6001 for feedback). */
  type: number;
  /** When the problem was detected, in fractional Unix seconds. */
  detection_time: number;
  /** Log level name: sample, debug, info, warning, error or fatal. (Default: "info".) */
  level?: string;
  /** Culprit shown under the title; null or empty means "". (Default: null.) */
  culprit?: null | string;
  /** Priority for a new issue (25 low, 50 medium, 75 high); null means the GroupType's default. (Default: null.) */
  initial_issue_priority?: null | number;
  /** Actor to assign a new issue to, as user:<id> or team:<id>. (Default: null.) */
  assignee?: null | string;
  /** Always "occurrence"; a missing or null payload_type on input means occurrence. (Default: "occurrence".) */
  payload_type?: OccurrencePayloadType;
  /** Inline event payload (a JSON object with event_id, project_id, platform, tags, timestamp, ...) saved together with the occurrence. (Default: null.) */
  event?: null | JsonObject;
  /** When true and an event is given, the consumer uses a lightweight in-memory event instead of saving it. (Default: false.) */
  is_buffered_spans?: boolean;
}

/** One human-readable evidence row shown on the issue. (Avro record sentry.kafka.ingest_occurrences.IssueEvidence.) */
export interface IssueEvidence {
  name: string;
  value: string;
  /** At most one row should be important; it is shown in notifications. */
  important: boolean;
}

export type IssueEvidenceInput = IssueEvidence;

/** Discriminator of the occurrence branch. */
export type OccurrencePayloadType = 'occurrence';

/** A status change for the issue identified by fingerprint[0] and project_id (resolve, archive, escalate, ...). (Avro record sentry.kafka.ingest_occurrences.StatusChange.) */
export interface StatusChange {
  /** Message id (UUID hex) used to deduplicate redeliveries. */
  id: string;
  project_id: number;
  /** Raw fingerprint of the issue; only fingerprint[0] is used to find the group. */
  fingerprint: string[];
  /** GroupStatus: 0 unresolved, 1 resolved, 2 ignored. */
  new_status: number;
  /** GroupSubStatus (e.g. 2 escalating, 3 ongoing, 6 regressed); must be null for resolved. (Default: null.) */
  new_substatus: null | number;
  /** Workflow-engine detector that decided the change. (Default: null.) */
  detector_id: null | number;
  /** Free-form JSON object recorded with the status activity. (Default: null.) */
  activity_data: null | JsonObject;
  /** ISO 8601 time of the change; defaults to the time of processing. (Default: null.) */
  update_date: null | string;
  /** ActivityType to record without an actual status change. (Default: null.) */
  activity_type: null | number;
  /** Always "status_change". */
  payload_type: StatusChangePayloadType;
}

/** StatusChange as a producer passes it: fields with a default may be left out. */
export interface StatusChangeInput {
  /** Message id (UUID hex) used to deduplicate redeliveries. */
  id: string;
  project_id: number;
  /** Raw fingerprint of the issue; only fingerprint[0] is used to find the group. */
  fingerprint: string[];
  /** GroupStatus: 0 unresolved, 1 resolved, 2 ignored. */
  new_status: number;
  /** GroupSubStatus (e.g. 2 escalating, 3 ongoing, 6 regressed); must be null for resolved. (Default: null.) */
  new_substatus?: null | number;
  /** Workflow-engine detector that decided the change. (Default: null.) */
  detector_id?: null | number;
  /** Free-form JSON object recorded with the status activity. (Default: null.) */
  activity_data?: null | JsonObject;
  /** ISO 8601 time of the change; defaults to the time of processing. (Default: null.) */
  update_date?: null | string;
  /** ActivityType to record without an actual status change. (Default: null.) */
  activity_type?: null | number;
  /** Always "status_change". */
  payload_type: StatusChangePayloadType;
}

/** Discriminator of the status change branch. */
export type StatusChangePayloadType = 'status_change';

/** A message of topic ingest-occurrences as decoded. */
export type IngestOccurrencesMessage = Occurrence | StatusChange;

/** A message of topic ingest-occurrences as passed to encode(). */
export type IngestOccurrencesMessageInput = OccurrenceInput | StatusChangeInput;

export const definition: TopicDefinition = {
  topic: 'ingest-occurrences',
  file: 'ingest-occurrences.avsc',
  schema: [
    {
      type: 'record',
      name: 'Occurrence',
      namespace: 'sentry.kafka.ingest_occurrences',
      doc: 'An issue-platform occurrence: one sighting of a problem, grouped into an issue by its fingerprint. Either event_id (an event stored earlier) or an inline event with its own event_id must be given.',
      fields: [
        { name: 'id', type: 'string', doc: 'Occurrence id: a UUID, dashed or 32 hex characters.' },
        { name: 'project_id', type: 'long' },
        {
          name: 'event_id',
          type: ['null', 'string'],
          default: null,
          doc: 'Id of the event this occurrence is attached to. Optional when `event` is present; then event.event_id is used.',
        },
        {
          name: 'fingerprint',
          type: { type: 'array', items: 'string' },
          doc: 'Raw grouping fingerprint; each part is MD5-hashed by the consumer and fingerprint[0] is the primary hash.',
        },
        { name: 'issue_title', type: 'string' },
        {
          name: 'subtitle',
          type: ['null', 'string'],
          doc: 'Second line of the issue; the key is required but may be null.',
        },
        {
          name: 'resource_id',
          type: ['null', 'string'],
          default: null,
          doc: 'Producer-specific id of the resource the problem is about.',
        },
        {
          name: 'evidence_data',
          type: { type: 'string', logicalType: 'json' },
          default: '{ }',
          doc: 'Free-form JSON object with machine-readable evidence (e.g. detector_id; feedback\'s contact_email, message, name, source). Defaults to the empty object, written "{ }" because Apicurio cannot detect the schema type when a default is exactly "{}".',
        },
        {
          name: 'evidence_display',
          type: {
            type: 'array',
            items: {
              type: 'record',
              name: 'IssueEvidence',
              doc: 'One human-readable evidence row shown on the issue.',
              fields: [
                { name: 'name', type: 'string' },
                { name: 'value', type: 'string' },
                {
                  name: 'important',
                  type: 'boolean',
                  doc: 'At most one row should be important; it is shown in notifications.',
                },
              ],
            },
          },
          default: [],
          doc: 'Evidence rows; send [] when there are none.',
        },
        {
          name: 'type',
          type: 'int',
          doc: 'GroupType id (e.g. 4001 for cron monitor failures, 6001 for feedback).',
        },
        {
          name: 'detection_time',
          type: 'double',
          doc: 'When the problem was detected, in fractional Unix seconds.',
        },
        {
          name: 'level',
          type: 'string',
          default: 'info',
          doc: 'Log level name: sample, debug, info, warning, error or fatal.',
        },
        {
          name: 'culprit',
          type: ['null', 'string'],
          default: null,
          doc: 'Culprit shown under the title; null or empty means "".',
        },
        {
          name: 'initial_issue_priority',
          type: ['null', 'int'],
          default: null,
          doc: "Priority for a new issue (25 low, 50 medium, 75 high); null means the GroupType's default.",
        },
        {
          name: 'assignee',
          type: ['null', 'string'],
          default: null,
          doc: 'Actor to assign a new issue to, as user:<id> or team:<id>.',
        },
        {
          name: 'payload_type',
          type: {
            type: 'enum',
            name: 'OccurrencePayloadType',
            doc: 'Discriminator of the occurrence branch.',
            symbols: ['occurrence'],
          },
          default: 'occurrence',
          doc: 'Always "occurrence"; a missing or null payload_type on input means occurrence.',
        },
        {
          name: 'event',
          type: ['null', { type: 'string', logicalType: 'json' }],
          default: null,
          doc: 'Inline event payload (a JSON object with event_id, project_id, platform, tags, timestamp, ...) saved together with the occurrence.',
        },
        {
          name: 'is_buffered_spans',
          type: 'boolean',
          default: false,
          doc: 'When true and an event is given, the consumer uses a lightweight in-memory event instead of saving it.',
        },
      ],
    },
    {
      type: 'record',
      name: 'StatusChange',
      namespace: 'sentry.kafka.ingest_occurrences',
      doc: 'A status change for the issue identified by fingerprint[0] and project_id (resolve, archive, escalate, ...).',
      fields: [
        {
          name: 'id',
          type: 'string',
          doc: 'Message id (UUID hex) used to deduplicate redeliveries.',
        },
        { name: 'project_id', type: 'long' },
        {
          name: 'fingerprint',
          type: { type: 'array', items: 'string' },
          doc: 'Raw fingerprint of the issue; only fingerprint[0] is used to find the group.',
        },
        {
          name: 'new_status',
          type: 'int',
          doc: 'GroupStatus: 0 unresolved, 1 resolved, 2 ignored.',
        },
        {
          name: 'new_substatus',
          type: ['null', 'int'],
          default: null,
          doc: 'GroupSubStatus (e.g. 2 escalating, 3 ongoing, 6 regressed); must be null for resolved.',
        },
        {
          name: 'detector_id',
          type: ['null', 'long'],
          default: null,
          doc: 'Workflow-engine detector that decided the change.',
        },
        {
          name: 'activity_data',
          type: ['null', { type: 'string', logicalType: 'json' }],
          default: null,
          doc: 'Free-form JSON object recorded with the status activity.',
        },
        {
          name: 'update_date',
          type: ['null', 'string'],
          default: null,
          doc: 'ISO 8601 time of the change; defaults to the time of processing.',
        },
        {
          name: 'activity_type',
          type: ['null', 'int'],
          default: null,
          doc: 'ActivityType to record without an actual status change.',
        },
        {
          name: 'payload_type',
          type: {
            type: 'enum',
            name: 'StatusChangePayloadType',
            doc: 'Discriminator of the status change branch.',
            symbols: ['status_change'],
          },
          doc: 'Always "status_change".',
        },
      ],
    },
  ],
  discriminator: { field: 'payload_type', default: 'occurrence' },
};
