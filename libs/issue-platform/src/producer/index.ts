export { createOccurrenceProducer, OCCURRENCES_TOPIC, occurrenceKey } from './occurrence-producer';
export type { OccurrenceProducer, OccurrenceProducerOptions, OccurrenceToProduce } from './occurrence-producer';
export { toOccurrenceRecord } from './occurrence-record';
export type { OccurrenceRecordOptions } from './occurrence-record';
export { toStatusChangeRecord } from './status-change-record';
export { InvalidOccurrenceError, InvalidPayloadError, InvalidStatusChangeError } from './errors';
export type { PayloadIssue } from './errors';
export { newUuidHex, normaliseUuid } from './uuid';
export type {
  EventPayload,
  EvidenceInput,
  OccurrenceInput,
  Produced,
  ProducedOccurrence,
  ProducedStatusChange,
  StatusChangeInput,
} from './types';
