// Generated from schemas/generic-events.avsc by tools/schemas/generate-types.ts. Do not edit.
import type { TopicDefinition } from '../avro-schema';

/** issuestream's own hand-off from the ingest-occurrences consumer to post-processing, produced once an occurrence was grouped. Not Sentry's generic eventstream format. (Avro record io.issuestream.generic_events.PostProcessHandoff.) */
export interface PostProcessHandoff {
  /** Id of the stored occurrence (32 hex characters). */
  occurrence_id: string;
  /** Event the occurrence is attached to. (Default: null.) */
  event_id: null | string;
  project_id: number;
  /** Group (issue) the occurrence was assigned to. */
  group_id: number;
  /** GroupType id of the occurrence. */
  type_id: number;
  /** MD5 hex of fingerprint[0]. (Default: null.) */
  primary_hash: null | string;
  /** The group was created by this occurrence. */
  is_new: boolean;
  /** The occurrence reopened a resolved group. */
  is_regression: boolean;
  /** First occurrence of the group in its environment. (Default: false.) */
  is_new_group_environment: boolean;
  group_state: GroupState;
  /** Fractional Unix seconds at which the occurrence was grouped. */
  received: number;
}

/** PostProcessHandoff as a producer passes it: fields with a default may be left out. */
export interface PostProcessHandoffInput {
  /** Id of the stored occurrence (32 hex characters). */
  occurrence_id: string;
  /** Event the occurrence is attached to. (Default: null.) */
  event_id?: null | string;
  project_id: number;
  /** Group (issue) the occurrence was assigned to. */
  group_id: number;
  /** GroupType id of the occurrence. */
  type_id: number;
  /** MD5 hex of fingerprint[0]. (Default: null.) */
  primary_hash?: null | string;
  /** The group was created by this occurrence. */
  is_new: boolean;
  /** The occurrence reopened a resolved group. */
  is_regression: boolean;
  /** First occurrence of the group in its environment. (Default: false.) */
  is_new_group_environment?: boolean;
  group_state: GroupStateInput;
  /** Fractional Unix seconds at which the occurrence was grouped. */
  received: number;
}

/** The group's state right after the occurrence was applied. (Avro record io.issuestream.generic_events.GroupState.) */
export interface GroupState {
  /** GroupStatus: 0 unresolved, 1 resolved, 2 ignored, ... */
  status: number;
  /** GroupSubStatus, e.g. 7 new, 6 regressed, 3 ongoing. (Default: null.) */
  substatus: null | number;
  /** Group priority: 25 low, 50 medium, 75 high. (Default: null.) */
  priority: null | number;
  /** (Default: 1.) */
  times_seen: number;
}

/** GroupState as a producer passes it: fields with a default may be left out. */
export interface GroupStateInput {
  /** GroupStatus: 0 unresolved, 1 resolved, 2 ignored, ... */
  status: number;
  /** GroupSubStatus, e.g. 7 new, 6 regressed, 3 ongoing. (Default: null.) */
  substatus?: null | number;
  /** Group priority: 25 low, 50 medium, 75 high. (Default: null.) */
  priority?: null | number;
  /** (Default: 1.) */
  times_seen?: number;
}

/** A message of topic generic-events as decoded. */
export type GenericEventsMessage = PostProcessHandoff;

/** A message of topic generic-events as passed to encode(). */
export type GenericEventsMessageInput = PostProcessHandoffInput;

export const definition: TopicDefinition = {
  topic: 'generic-events',
  file: 'generic-events.avsc',
  schema: {
    type: 'record',
    name: 'PostProcessHandoff',
    namespace: 'io.issuestream.generic_events',
    doc: "issuestream's own hand-off from the ingest-occurrences consumer to post-processing, produced once an occurrence was grouped. Not Sentry's generic eventstream format.",
    fields: [
      {
        name: 'occurrence_id',
        type: 'string',
        doc: 'Id of the stored occurrence (32 hex characters).',
      },
      {
        name: 'event_id',
        type: ['null', 'string'],
        default: null,
        doc: 'Event the occurrence is attached to.',
      },
      { name: 'project_id', type: 'long' },
      { name: 'group_id', type: 'long', doc: 'Group (issue) the occurrence was assigned to.' },
      { name: 'type_id', type: 'int', doc: 'GroupType id of the occurrence.' },
      {
        name: 'primary_hash',
        type: ['null', 'string'],
        default: null,
        doc: 'MD5 hex of fingerprint[0].',
      },
      { name: 'is_new', type: 'boolean', doc: 'The group was created by this occurrence.' },
      { name: 'is_regression', type: 'boolean', doc: 'The occurrence reopened a resolved group.' },
      {
        name: 'is_new_group_environment',
        type: 'boolean',
        default: false,
        doc: 'First occurrence of the group in its environment.',
      },
      {
        name: 'group_state',
        type: {
          type: 'record',
          name: 'GroupState',
          doc: "The group's state right after the occurrence was applied.",
          fields: [
            {
              name: 'status',
              type: 'int',
              doc: 'GroupStatus: 0 unresolved, 1 resolved, 2 ignored, ...',
            },
            {
              name: 'substatus',
              type: ['null', 'int'],
              default: null,
              doc: 'GroupSubStatus, e.g. 7 new, 6 regressed, 3 ongoing.',
            },
            {
              name: 'priority',
              type: ['null', 'int'],
              default: null,
              doc: 'Group priority: 25 low, 50 medium, 75 high.',
            },
            { name: 'times_seen', type: 'long', default: 1 },
          ],
        },
      },
      {
        name: 'received',
        type: 'double',
        doc: 'Fractional Unix seconds at which the occurrence was grouped.',
      },
    ],
  },
};
