import { metricsRegistry } from '@issuestream/observability';
import { Counter } from 'prom-client';

const registers = [metricsRegistry];

export const attachmentMetrics = {
  attachments: new Counter({
    name: 'issuestream_attachments_total',
    help:
      'Attachments by outcome: accepted, duplicate (stored before: a redelivery), missing_chunks, rate_limited, too_large, ' +
      'feature_disabled, unsupported_type (standalone attachments other than event.attachment / event.view_hierarchy), ' +
      'unsupported_stored_id, rate_limited_by_relay, event_not_stored (its event was refused), failed (Postgres refused the row).',
    labelNames: ['outcome'],
    registers,
  }),
  attachmentBytes: new Counter({ name: 'issuestream_attachment_bytes_total', help: 'Bytes of attachments stored.', registers }),
  chunks: new Counter({ name: 'issuestream_attachment_chunks_total', help: 'attachment_chunk messages stored in Redis.', registers }),
  userReports: new Counter({
    name: 'issuestream_attachment_user_reports_total',
    help: 'user_report messages by result: saved, overwritten, unchanged, conflict, invalid, event_too_old, denylisted, failed.',
    labelNames: ['result'],
    registers,
  }),
};
