// Generated from schemas/outcomes.avsc by tools/schemas/generate-types.ts. Do not edit.
import type { TopicDefinition } from '../avro-schema';

/** What happened to an ingested item (accepted, filtered, rate limited, invalid, ...), counted per data category. (Avro record sentry.kafka.outcomes.Outcome.) */
export interface Outcome {
  /** When the outcome happened, e.g. 2023-03-28T22:53:00.000000Z. */
  timestamp: string;
  /** (Default: null.) */
  org_id: null | number;
  /** (Default: null.) */
  project_id: null | number;
  /** Id of the project key (DSN) that sent the item. (Default: null.) */
  key_id: null | number;
  /** 0 accepted, 1 filtered, 2 rate_limited, 3 invalid, 4 abuse, 5 client_discard, 6 cardinality_limited. */
  outcome: number;
  /** Machine-readable reason code for non-accepted outcomes. (Default: null.) */
  reason: null | string;
  /** (Default: null.) */
  event_id: null | string;
  /** Data category: 0 default, 1 error, 2 transaction, 3 security, 4 attachment, 5 session, 7 replay, 14 feedback, ... (Default: null.) */
  category: null | number;
  /** Number of items (bytes for attachments). (Default: null.) */
  quantity: null | number;
  /** Component that emitted the outcome. (Default: null.) */
  source: null | string;
}

/** Outcome as a producer passes it: fields with a default may be left out. */
export interface OutcomeInput {
  /** When the outcome happened, e.g. 2023-03-28T22:53:00.000000Z. */
  timestamp: string;
  /** (Default: null.) */
  org_id?: null | number;
  /** (Default: null.) */
  project_id?: null | number;
  /** Id of the project key (DSN) that sent the item. (Default: null.) */
  key_id?: null | number;
  /** 0 accepted, 1 filtered, 2 rate_limited, 3 invalid, 4 abuse, 5 client_discard, 6 cardinality_limited. */
  outcome: number;
  /** Machine-readable reason code for non-accepted outcomes. (Default: null.) */
  reason?: null | string;
  /** (Default: null.) */
  event_id?: null | string;
  /** Data category: 0 default, 1 error, 2 transaction, 3 security, 4 attachment, 5 session, 7 replay, 14 feedback, ... (Default: null.) */
  category?: null | number;
  /** Number of items (bytes for attachments). (Default: null.) */
  quantity?: null | number;
  /** Component that emitted the outcome. (Default: null.) */
  source?: null | string;
}

/** A message of topic outcomes as decoded. */
export type OutcomesMessage = Outcome;

/** A message of topic outcomes as passed to encode(). */
export type OutcomesMessageInput = OutcomeInput;

export const definition: TopicDefinition = {
  topic: 'outcomes',
  file: 'outcomes.avsc',
  schema: {
    type: 'record',
    name: 'Outcome',
    namespace: 'sentry.kafka.outcomes',
    doc: 'What happened to an ingested item (accepted, filtered, rate limited, invalid, ...), counted per data category.',
    fields: [
      {
        name: 'timestamp',
        type: 'string',
        doc: 'When the outcome happened, e.g. 2023-03-28T22:53:00.000000Z.',
      },
      { name: 'org_id', type: ['null', 'long'], default: null },
      { name: 'project_id', type: ['null', 'long'], default: null },
      {
        name: 'key_id',
        type: ['null', 'long'],
        default: null,
        doc: 'Id of the project key (DSN) that sent the item.',
      },
      {
        name: 'outcome',
        type: 'int',
        doc: '0 accepted, 1 filtered, 2 rate_limited, 3 invalid, 4 abuse, 5 client_discard, 6 cardinality_limited.',
      },
      {
        name: 'reason',
        type: ['null', 'string'],
        default: null,
        doc: 'Machine-readable reason code for non-accepted outcomes.',
      },
      { name: 'event_id', type: ['null', 'string'], default: null },
      {
        name: 'category',
        type: ['null', 'int'],
        default: null,
        doc: 'Data category: 0 default, 1 error, 2 transaction, 3 security, 4 attachment, 5 session, 7 replay, 14 feedback, ...',
      },
      {
        name: 'quantity',
        type: ['null', 'long'],
        default: null,
        doc: 'Number of items (bytes for attachments).',
      },
      {
        name: 'source',
        type: ['null', 'string'],
        default: null,
        doc: 'Component that emitted the outcome.',
      },
    ],
  },
};
