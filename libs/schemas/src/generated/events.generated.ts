// Generated from schemas/events.avsc by tools/schemas/generate-types.ts. Do not edit.
import type { TopicDefinition } from '../avro-schema';
import type { JsonObject } from '../json';

/** An errors eventstream message. The reference JSON form is the array [version, operation, payload, state], which maps onto these fields in order. We only produce the insert operation. (Avro record sentry.kafka.events.EventStreamInsert.) */
export interface EventStreamInsert {
  /** Eventstream protocol version: 2 today, 1 still readable. */
  version: number;
  /** Operation name; always "insert" for messages we produce (the reference's replacement operations have other payloads and are not modelled). */
  operation: string;
  payload: InsertEvent;
  /** Grouping state of the insert. */
  state: InsertState;
}

/** EventStreamInsert as a producer passes it: fields with a default may be left out. */
export interface EventStreamInsertInput {
  /** Eventstream protocol version: 2 today, 1 still readable. */
  version: number;
  /** Operation name; always "insert" for messages we produce (the reference's replacement operations have other payloads and are not modelled). */
  operation: string;
  payload: InsertEventInput;
  /** Grouping state of the insert. */
  state: InsertStateInput;
}

/** The stored event and the group it was assigned to. (Avro record sentry.kafka.events.InsertEvent.) */
export interface InsertEvent {
  /** 32 lowercase hex characters. */
  event_id: string;
  project_id: number;
  /** (Default: null.) */
  organization_id: null | number;
  /** Group (issue) the event was assigned to. */
  group_id: number;
  /** All groups of the event; [group_id] for errors. (Default: [].) */
  group_ids: number[];
  /** Search message of the event. */
  message: string;
  platform: string;
  /** Event time as ISO 8601 with microseconds and a Z suffix. */
  datetime: string;
  /** Hash (32 hex characters) that chose the group. */
  primary_hash: string;
  /** The full normalized event as a JSON object; data.received is required by readers. */
  data: JsonObject;
  /** (Default: null.) */
  retention_days: null | number;
  /** Issue-platform occurrence attached to the event, if any. (Default: null.) */
  occurrence_id: null | string;
  /** Occurrence as a JSON object ({} or absent for plain errors). (Default: null.) */
  occurrence_data: null | JsonObject;
}

/** InsertEvent as a producer passes it: fields with a default may be left out. */
export interface InsertEventInput {
  /** 32 lowercase hex characters. */
  event_id: string;
  project_id: number;
  /** (Default: null.) */
  organization_id?: null | number;
  /** Group (issue) the event was assigned to. */
  group_id: number;
  /** All groups of the event; [group_id] for errors. (Default: [].) */
  group_ids?: number[];
  /** Search message of the event. */
  message: string;
  platform: string;
  /** Event time as ISO 8601 with microseconds and a Z suffix. */
  datetime: string;
  /** Hash (32 hex characters) that chose the group. */
  primary_hash: string;
  /** The full normalized event as a JSON object; data.received is required by readers. */
  data: JsonObject;
  /** (Default: null.) */
  retention_days?: null | number;
  /** Issue-platform occurrence attached to the event, if any. (Default: null.) */
  occurrence_id?: null | string;
  /** Occurrence as a JSON object ({} or absent for plain errors). (Default: null.) */
  occurrence_data?: null | JsonObject;
}

/** Grouping outcome that post-processing needs. (Avro record sentry.kafka.events.InsertState.) */
export interface InsertState {
  /** The group was created by this event. (Default: false.) */
  is_new: boolean;
  /** The event reopened a resolved group. (Default: false.) */
  is_regression: boolean;
  /** First event of the group in this environment. (Default: false.) */
  is_new_group_environment: boolean;
  /** Post-process queue: post_process_errors, post_process_transactions or post_process_issue_platform. (Default: "post_process_errors".) */
  queue: string;
  /** When true, post-processing ignores the message. (Default: false.) */
  skip_consume: boolean;
  /** Per-group outcome, or null. (Default: null.) */
  group_states: null | GroupState[];
}

/** InsertState as a producer passes it: fields with a default may be left out. */
export interface InsertStateInput {
  /** The group was created by this event. (Default: false.) */
  is_new?: boolean;
  /** The event reopened a resolved group. (Default: false.) */
  is_regression?: boolean;
  /** First event of the group in this environment. (Default: false.) */
  is_new_group_environment?: boolean;
  /** Post-process queue: post_process_errors, post_process_transactions or post_process_issue_platform. (Default: "post_process_errors".) */
  queue?: string;
  /** When true, post-processing ignores the message. (Default: false.) */
  skip_consume?: boolean;
  /** Per-group outcome, or null. (Default: null.) */
  group_states?: null | GroupStateInput[];
}

/** Grouping outcome for one of the event's groups. (Avro record sentry.kafka.events.GroupState.) */
export interface GroupState {
  /** Group id; the reference has been seen with both numbers and strings. */
  id: number | string;
  /** (Default: false.) */
  is_new: boolean;
  /** (Default: false.) */
  is_regression: boolean;
  /** (Default: false.) */
  is_new_group_environment: boolean;
}

/** GroupState as a producer passes it: fields with a default may be left out. */
export interface GroupStateInput {
  /** Group id; the reference has been seen with both numbers and strings. */
  id: number | string;
  /** (Default: false.) */
  is_new?: boolean;
  /** (Default: false.) */
  is_regression?: boolean;
  /** (Default: false.) */
  is_new_group_environment?: boolean;
}

/** A message of topic events as decoded. */
export type EventsMessage = EventStreamInsert;

/** A message of topic events as passed to encode(). */
export type EventsMessageInput = EventStreamInsertInput;

export const definition: TopicDefinition = {
  topic: 'events',
  file: 'events.avsc',
  schema: {
    type: 'record',
    name: 'EventStreamInsert',
    namespace: 'sentry.kafka.events',
    doc: 'An errors eventstream message. The reference JSON form is the array [version, operation, payload, state], which maps onto these fields in order. We only produce the insert operation.',
    fields: [
      {
        name: 'version',
        type: 'int',
        doc: 'Eventstream protocol version: 2 today, 1 still readable.',
      },
      {
        name: 'operation',
        type: 'string',
        doc: 'Operation name; always "insert" for messages we produce (the reference\'s replacement operations have other payloads and are not modelled).',
      },
      {
        name: 'payload',
        type: {
          type: 'record',
          name: 'InsertEvent',
          doc: 'The stored event and the group it was assigned to.',
          fields: [
            { name: 'event_id', type: 'string', doc: '32 lowercase hex characters.' },
            { name: 'project_id', type: 'long' },
            { name: 'organization_id', type: ['null', 'long'], default: null },
            { name: 'group_id', type: 'long', doc: 'Group (issue) the event was assigned to.' },
            {
              name: 'group_ids',
              type: { type: 'array', items: 'long' },
              default: [],
              doc: 'All groups of the event; [group_id] for errors.',
            },
            { name: 'message', type: 'string', doc: 'Search message of the event.' },
            { name: 'platform', type: 'string' },
            {
              name: 'datetime',
              type: 'string',
              doc: 'Event time as ISO 8601 with microseconds and a Z suffix.',
            },
            {
              name: 'primary_hash',
              type: 'string',
              doc: 'Hash (32 hex characters) that chose the group.',
            },
            {
              name: 'data',
              type: { type: 'string', logicalType: 'json' },
              doc: 'The full normalized event as a JSON object; data.received is required by readers.',
            },
            { name: 'retention_days', type: ['null', 'int'], default: null },
            {
              name: 'occurrence_id',
              type: ['null', 'string'],
              default: null,
              doc: 'Issue-platform occurrence attached to the event, if any.',
            },
            {
              name: 'occurrence_data',
              type: ['null', { type: 'string', logicalType: 'json' }],
              default: null,
              doc: 'Occurrence as a JSON object ({} or absent for plain errors).',
            },
          ],
        },
      },
      {
        name: 'state',
        type: {
          type: 'record',
          name: 'InsertState',
          doc: 'Grouping outcome that post-processing needs.',
          fields: [
            {
              name: 'is_new',
              type: 'boolean',
              default: false,
              doc: 'The group was created by this event.',
            },
            {
              name: 'is_regression',
              type: 'boolean',
              default: false,
              doc: 'The event reopened a resolved group.',
            },
            {
              name: 'is_new_group_environment',
              type: 'boolean',
              default: false,
              doc: 'First event of the group in this environment.',
            },
            {
              name: 'queue',
              type: 'string',
              default: 'post_process_errors',
              doc: 'Post-process queue: post_process_errors, post_process_transactions or post_process_issue_platform.',
            },
            {
              name: 'skip_consume',
              type: 'boolean',
              default: false,
              doc: 'When true, post-processing ignores the message.',
            },
            {
              name: 'group_states',
              type: [
                'null',
                {
                  type: 'array',
                  items: {
                    type: 'record',
                    name: 'GroupState',
                    doc: "Grouping outcome for one of the event's groups.",
                    fields: [
                      {
                        name: 'id',
                        type: ['long', 'string'],
                        doc: 'Group id; the reference has been seen with both numbers and strings.',
                      },
                      { name: 'is_new', type: 'boolean', default: false },
                      { name: 'is_regression', type: 'boolean', default: false },
                      { name: 'is_new_group_environment', type: 'boolean', default: false },
                    ],
                  },
                },
              ],
              default: null,
              doc: 'Per-group outcome, or null.',
            },
          ],
        },
        doc: 'Grouping state of the insert.',
      },
    ],
  },
  jsonArrayForm: true,
};
