// Generated from schemas/topics.json by tools/schemas/generate-types.ts. Do not edit.
import type { TopicDefinition } from '../avro-schema';
import * as ingestFeedbackEvents from './ingest-feedback-events.generated';
import * as ingestAttachments from './ingest-attachments.generated';
import * as ingestEvents from './ingest-events.generated';
import * as ingestOccurrences from './ingest-occurrences.generated';
import * as events from './events.generated';
import * as genericEvents from './generic-events.generated';
import * as outcomes from './outcomes.generated';
import * as testRecord from './test-record.generated';

export * as IngestFeedbackEvents from './ingest-feedback-events.generated';
export * as IngestAttachments from './ingest-attachments.generated';
export * as IngestEvents from './ingest-events.generated';
export * as IngestOccurrences from './ingest-occurrences.generated';
export * as Events from './events.generated';
export * as GenericEvents from './generic-events.generated';
export * as Outcomes from './outcomes.generated';
export * as TestRecord from './test-record.generated';

/** Every topic with a schema in schemas/. */
export const TOPICS = [
  'ingest-feedback-events',
  'ingest-attachments',
  'ingest-events',
  'ingest-occurrences',
  'events',
  'generic-events',
  'outcomes',
  'test-record',
] as const;

export type Topic = (typeof TOPICS)[number];

/** The decoded record type of each topic. */
export interface TopicRecordMap {
  'ingest-feedback-events': ingestFeedbackEvents.IngestFeedbackEventsMessage;
  'ingest-attachments': ingestAttachments.IngestAttachmentsMessage;
  'ingest-events': ingestEvents.IngestEventsMessage;
  'ingest-occurrences': ingestOccurrences.IngestOccurrencesMessage;
  events: events.EventsMessage;
  'generic-events': genericEvents.GenericEventsMessage;
  outcomes: outcomes.OutcomesMessage;
  'test-record': testRecord.TestRecordMessage;
}

/** The record type each topic accepts for encoding. */
export interface TopicInputMap {
  'ingest-feedback-events': ingestFeedbackEvents.IngestFeedbackEventsMessageInput;
  'ingest-attachments': ingestAttachments.IngestAttachmentsMessageInput;
  'ingest-events': ingestEvents.IngestEventsMessageInput;
  'ingest-occurrences': ingestOccurrences.IngestOccurrencesMessageInput;
  events: events.EventsMessageInput;
  'generic-events': genericEvents.GenericEventsMessageInput;
  outcomes: outcomes.OutcomesMessageInput;
  'test-record': testRecord.TestRecordMessageInput;
}

export const TOPIC_DEFINITIONS: { readonly [T in Topic]: TopicDefinition } = {
  'ingest-feedback-events': ingestFeedbackEvents.definition,
  'ingest-attachments': ingestAttachments.definition,
  'ingest-events': ingestEvents.definition,
  'ingest-occurrences': ingestOccurrences.definition,
  events: events.definition,
  'generic-events': genericEvents.definition,
  outcomes: outcomes.definition,
  'test-record': testRecord.definition,
};
