import { metricsRegistry } from '@issuestream/observability';
import { Counter } from 'prom-client';

const registers = [metricsRegistry];

export const ingestMetrics = {
  occurrences: new Counter({
    name: 'issuestream_occurrences_total',
    help: 'Occurrences by outcome: grouped, noise (below the noise limit), quota, feature_disabled, duplicate, type_mismatch, no_group.',
    labelNames: ['outcome', 'group_type'],
    registers,
  }),
  groupsCreated: new Counter({
    name: 'issuestream_groups_created_total',
    help: 'Issues created from occurrences.',
    labelNames: ['group_type'],
    registers,
  }),
  statusChanges: new Counter({
    name: 'issuestream_status_changes_total',
    help: 'Status changes by outcome: applied, group_not_found, or the reason they were ignored.',
    labelNames: ['outcome'],
    registers,
  }),
  postProcessSkipped: new Counter({
    name: 'issuestream_post_process_skipped_total',
    help: 'Groups not handed to post-processing because the type is unreleased and the organisation lacks its flag.',
    labelNames: ['group_type'],
    registers,
  }),
};
