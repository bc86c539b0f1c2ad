import type { MessageProducer, OutgoingMessage } from '@issuestream/kafka';
import { isInvalidMessageError, type IngestOccurrences, type SchemaCodec } from '@issuestream/schemas';
import { defaultGroupTypeRegistry } from '../registry/default-registry';
import type { GroupTypeRegistry } from '../registry/registry';
import { InvalidOccurrenceError, InvalidStatusChangeError, type InvalidPayloadError, type PayloadIssue } from './errors';
import { toOccurrenceRecord } from './occurrence-record';
import { toStatusChangeRecord } from './status-change-record';
import type { EventPayload, OccurrenceInput, Produced, ProducedOccurrence, ProducedStatusChange, StatusChangeInput } from './types';

export const OCCURRENCES_TOPIC = 'ingest-occurrences';

export interface OccurrenceProducerOptions {
  /** Sends and waits for the broker's acknowledgement (`createProducer` from @issuestream/kafka). */
  producer: MessageProducer;
  /** Validates and encodes records as registered Avro (`createCodec` from @issuestream/schemas). */
  codec: SchemaCodec;
  /** Where occurrence types must be registered; default the process-wide registry. */
  registry?: GroupTypeRegistry;
  /** Kafka topic to produce to; default `ingest-occurrences`. The schema is always that topic's. */
  topic?: string;
  /** Clock for defaults such as the detection time; default `new Date()`. */
  now?: () => Date;
}

export interface OccurrenceToProduce {
  occurrence: OccurrenceInput;
  event?: EventPayload;
}

export interface OccurrenceProducer {
  /**
   * Validates, encodes and sends one occurrence (with the event to store, if
   * any) and resolves once the broker has it. Throws InvalidOccurrenceError
   * when the input is invalid; nothing is sent then.
   */
  produceOccurrence(occurrence: OccurrenceInput, event?: EventPayload): Promise<ProducedOccurrence>;
  /** Several occurrences in one send; all are validated first, so one invalid input sends none. */
  produceOccurrences(items: readonly OccurrenceToProduce[]): Promise<ProducedOccurrence[]>;
  /** Validates, encodes and sends one status change; throws InvalidStatusChangeError when invalid. */
  produceStatusChange(change: StatusChangeInput): Promise<ProducedStatusChange>;
}

/** Key of every message about one issue, so they share a partition and stay in order. */
export function occurrenceKey(record: { fingerprint: readonly string[]; project_id: number }): string {
  return `${record.fingerprint[0]}-${record.project_id}`;
}

/** Wire field names → the input names the caller used, for schema errors. */
const OCCURRENCE_FIELDS: Readonly<Record<string, string>> = {
  project_id: 'projectId',
  event_id: 'eventId',
  issue_title: 'issueTitle',
  resource_id: 'resourceId',
  evidence_data: 'evidenceData',
  evidence_display: 'evidenceDisplay',
  detection_time: 'detectionTime',
  initial_issue_priority: 'initialIssuePriority',
  is_buffered_spans: 'isBufferedSpans',
};

const STATUS_CHANGE_FIELDS: Readonly<Record<string, string>> = {
  project_id: 'projectId',
  new_status: 'newStatus',
  new_substatus: 'newSubstatus',
  detector_id: 'detectorId',
  activity_data: 'activityData',
  update_date: 'updateDate',
  activity_type: 'activityType',
};

type WireRecord = IngestOccurrences.Occurrence | IngestOccurrences.StatusChange;

/**
 * The producer side of the issue platform: what a detector or product uses to
 * open issues (occurrences) and move them between statuses (status changes).
 */
export function createOccurrenceProducer(options: OccurrenceProducerOptions): OccurrenceProducer {
  const { producer, codec } = options;
  const registry = options.registry ?? defaultGroupTypeRegistry;
  const topic = options.topic ?? OCCURRENCES_TOPIC;

  /** Encodes with the schema check; a schema violation becomes the caller's typed error. */
  async function encode<R extends WireRecord>(record: R, index: number | undefined): Promise<{ message: OutgoingMessage; produced: Produced<R> }> {
    let value: Buffer;
    try {
      value = await codec.encode(OCCURRENCES_TOPIC, record);
    } catch (error) {
      if (!isInvalidMessageError(error)) throw error;
      throw schemaError(record, error.issues.length ? error.issues : [{ path: '', message: error.message }], index);
    }
    const key = occurrenceKey(record);
    return { message: { key, value }, produced: { topic, key, record } };
  }

  async function send<R extends WireRecord>(records: readonly R[], indexed: boolean): Promise<Produced<R>[]> {
    const encoded: { message: OutgoingMessage; produced: Produced<R> }[] = [];
    for (const [i, record] of records.entries()) encoded.push(await encode(record, indexed ? i : undefined));
    await producer.send(topic, encoded.map((e) => e.message));
    return encoded.map((e) => e.produced);
  }

  return {
    async produceOccurrence(occurrence, event) {
      const record = toOccurrenceRecord(occurrence, event, { registry, now: options.now });
      const [produced] = await send([record], false);
      return produced as ProducedOccurrence;
    },
    async produceOccurrences(items) {
      const records = items.map((item, index) => toOccurrenceRecord(item.occurrence, item.event, { registry, now: options.now, index }));
      return send(records, true);
    },
    async produceStatusChange(change) {
      const [produced] = await send([toStatusChangeRecord(change)], false);
      return produced as ProducedStatusChange;
    },
  };
}

function schemaError(record: WireRecord, found: readonly { path: string; message: string }[], index: number | undefined): InvalidPayloadError {
  const names = record.payload_type === 'status_change' ? STATUS_CHANGE_FIELDS : OCCURRENCE_FIELDS;
  const issues: PayloadIssue[] = found.map(({ path, message }) => ({ field: inputPath(path, names), message: `schema: ${message}` }));
  return record.payload_type === 'status_change' ? new InvalidStatusChangeError(issues, index) : new InvalidOccurrenceError(issues, index);
}

/** `evidence_display[0].name` → `evidenceDisplay[0].name`. */
function inputPath(path: string, names: Readonly<Record<string, string>>): string {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(.*)$/.exec(path);
  if (!match) return path || '(record)';
  const [, head = '', rest = ''] = match;
  return (names[head] ?? head) + rest;
}
