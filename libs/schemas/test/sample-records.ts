/**
 * One or more valid records per topic (one per union branch), typed with the
 * generated input types so that a schema change that breaks them fails to compile.
 */
import type { Topic, TopicInput } from '../src';

const eventJson = Buffer.from(
  JSON.stringify({
    event_id: '2107c4e9a1b24e1c8e8b5b7c2a9f0d11',
    level: 'error',
    platform: 'python',
  }),
);

export const SAMPLE_INPUTS: { [T in Topic]: TopicInput<T>[] } = {
  'ingest-feedback-events': [
    {
      type: 'event',
      payload: Buffer.from(
        JSON.stringify({ type: 'feedback', contexts: { feedback: { message: 'hi' } } }),
      ),
      start_time: 1710190027,
      event_id: '7d657b21020e482da61e0b08f6b884a4',
      project_id: 1,
      remote_addr: '172.20.0.1',
      attachments: [],
    },
  ],
  'ingest-attachments': [
    {
      type: 'event',
      payload: eventJson,
      start_time: 1709691573,
      event_id: '2107c4e9a1b24e1c8e8b5b7c2a9f0d11',
      project_id: 3,
      attachments: [
        { id: 'f3c1a6e2-7f1e-4c55-9b5e-0d1c2b3a4f5e', name: 'log.txt', size: 12, chunks: 1 },
      ],
    },
    {
      type: 'attachment',
      event_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      project_id: 1,
      attachment: {
        id: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
        name: 'screenshot.png',
        content_type: 'application/png',
        attachment_type: 'event.attachment',
        size: 4,
        rate_limited: false,
        data: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      },
    },
    {
      type: 'attachment_chunk',
      payload: Buffer.from('chunk-bytes'),
      event_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      project_id: 1,
      id: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      chunk_index: 0,
    },
    {
      type: 'user_report',
      payload: Buffer.from(
        JSON.stringify({
          event_id: 'c'.repeat(32),
          name: 'Jane',
          email: 'jane@example.com',
          comments: 'broken',
        }),
      ),
      start_time: 1710190027,
      project_id: 1,
      event_id: 'c'.repeat(32),
    },
  ],
  'ingest-events': [
    {
      type: 'event',
      payload: eventJson,
      start_time: 1709691573,
      event_id: '2107c4e9a1b24e1c8e8b5b7c2a9f0d11',
      project_id: 3,
      remote_addr: null,
      attachments: [],
    },
  ],
  'ingest-occurrences': [
    {
      id: 'a'.repeat(32),
      project_id: 1,
      fingerprint: ['c'.repeat(32)],
      issue_title: 'Monitor failure: poll_service',
      subtitle: 'Your monitor has reached its failure threshold.',
      evidence_data: { detector_id: 7, nested: { list: [1, 'two', null] } },
      evidence_display: [{ name: 'Environment', value: 'us', important: true }],
      type: 4001,
      detection_time: 1717713781.1,
      level: 'error',
      event: {
        event_id: 'b'.repeat(32),
        project_id: 1,
        platform: 'other',
        tags: { 'monitor.slug': 'poll_service' },
        timestamp: '2024-06-06T22:43:01.100000+00:00',
      },
    },
    {
      id: 'd'.repeat(32),
      project_id: 1,
      fingerprint: ['c'.repeat(32)],
      new_status: 2,
      new_substatus: 1,
      activity_data: { reason: 'test' },
      payload_type: 'status_change',
    },
  ],
  events: [
    {
      version: 2,
      operation: 'insert',
      payload: {
        event_id: '9cdc4c32dff14fbbb012b0aa9e908126',
        project_id: 6036610,
        organization_id: 123,
        group_id: 124,
        group_ids: [124],
        message: 'hello world',
        platform: 'javascript',
        datetime: '2023-02-27T15:40:12.223000Z',
        primary_hash: '061cf02b26374d108694d6643a7a2f4e',
        data: {
          event_id: '9cdc4c32dff14fbbb012b0aa9e908126',
          received: 1677512412.437706,
          level: 'error',
        },
      },
      state: {
        is_new: false,
        is_regression: false,
        is_new_group_environment: false,
        queue: 'post_process_errors',
        skip_consume: false,
        group_states: [
          { id: '124', is_new: false, is_regression: false, is_new_group_environment: false },
        ],
      },
    },
  ],
  'generic-events': [
    {
      occurrence_id: 'a'.repeat(32),
      event_id: 'b'.repeat(32),
      project_id: 1,
      group_id: 42,
      type_id: 4001,
      primary_hash: 'e'.repeat(32),
      is_new: true,
      is_regression: false,
      group_state: { status: 0, substatus: 7, priority: 75 },
      received: 1717713781.5,
    },
  ],
  outcomes: [
    {
      timestamp: '2023-03-28T22:53:00.000000Z',
      org_id: 1,
      project_id: 2,
      key_id: 3,
      outcome: 5,
      reason: 'sample_rate',
      category: 1,
      quantity: 10,
    },
  ],
  'test-record': [{ id: 'r-1', seq: 1, body: 'hello' }],
};
