// Generated from schemas/test-record.avsc by tools/schemas/generate-types.ts. Do not edit.
import type { TopicDefinition } from '../avro-schema';

/** A minimal record for runtime and integration tests; no production topic uses it. (Avro record io.issuestream.test.TestRecord.) */
export interface TestRecord {
  id: string;
  /** Sequence number, for ordering assertions. */
  seq: number;
  body: string;
}

export type TestRecordInput = TestRecord;

/** A message of topic test-record as decoded. */
export type TestRecordMessage = TestRecord;

/** A message of topic test-record as passed to encode(). */
export type TestRecordMessageInput = TestRecord;

export const definition: TopicDefinition = {
  topic: 'test-record',
  file: 'test-record.avsc',
  schema: {
    type: 'record',
    name: 'TestRecord',
    namespace: 'io.issuestream.test',
    doc: 'A minimal record for runtime and integration tests; no production topic uses it.',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'seq', type: 'long', doc: 'Sequence number, for ordering assertions.' },
      { name: 'body', type: 'string' },
    ],
  },
};
