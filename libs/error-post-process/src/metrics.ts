import { metricsRegistry } from '@issuestream/observability';
import { Counter, Gauge, Histogram } from 'prom-client';

const registers = [metricsRegistry];

export const postProcessMetrics = {
  events: new Counter({
    name: 'issuestream_post_process_events_total',
    help: 'Eventstream messages seen by the errors post-process, by kind: error, transaction, other (skipped), skip_consume.',
    labelNames: ['kind'],
    registers,
  }),
  stepApplied: new Counter({
    name: 'issuestream_post_process_step_applied_total',
    help: 'Events a step ran for successfully (a redelivered event counts again; the step itself makes the repeat a no-op).',
    labelNames: ['step'],
    registers,
  }),
  stepSeconds: new Histogram({
    name: 'issuestream_post_process_step_seconds',
    help: 'Time one step took for one batch (successful runs).',
    labelNames: ['step'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  }),
  stepFailures: new Counter({ name: 'issuestream_post_process_step_failures_total', help: 'Failed attempts of a step (each attempt counts once).', labelNames: ['step'], registers }),
  stepDeferred: new Counter({ name: 'issuestream_post_process_step_deferred_total', help: 'Events whose step kept failing and was parked for a later retry.', labelNames: ['step'], registers }),
  deferredPending: new Gauge({ name: 'issuestream_post_process_deferred_pending', help: 'Parked steps waiting for a retry, by step.', labelNames: ['step'], registers }),
  reportsLinked: new Counter({ name: 'issuestream_post_process_user_reports_linked_total', help: 'User reports given their event\'s issue and environment, by path: post_process, reprocessed, update_user_reports.', labelNames: ['path'], registers }),
  reportsShimmed: new Counter({ name: 'issuestream_post_process_user_reports_shimmed_total', help: 'User reports turned into a feedback issue, by source.', labelNames: ['source'], registers }),
  replayLinks: new Counter({ name: 'issuestream_post_process_replay_links_total', help: 'Replay links written, or skipped as id_invalid (a level with no id column).', labelNames: ['outcome'], registers }),
};
