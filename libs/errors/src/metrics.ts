import { metricsRegistry } from '@issuestream/observability';
import { Counter } from 'prom-client';

const registers = [metricsRegistry];

export const errorMetrics = {
  events: new Counter({
    name: 'issuestream_error_events_total',
    help: 'Error events by outcome: accepted, duplicate, invalid, type_mismatch (hash owned by another issue type), restreamed (eventstream resent after a crash).',
    labelNames: ['outcome'],
    registers,
  }),
  groupsCreated: new Counter({ name: 'issuestream_error_groups_created_total', help: 'Error issues created.', registers }),
  regressions: new Counter({ name: 'issuestream_error_regressions_total', help: 'Resolved error issues reopened by a new event.', registers }),
};
