import { metricsRegistry } from '@issuestream/observability';
import { Counter, Gauge, Histogram } from 'prom-client';

const registers = [metricsRegistry];

export const consumerMetrics = {
  batches: new Counter({
    name: 'issuestream_consumer_batches_total',
    help: 'Processing batches completed, by topic.',
    labelNames: ['topic'],
    registers,
  }),
  messages: new Counter({
    name: 'issuestream_consumer_messages_total',
    help: 'Messages consumed, by topic and outcome (processed or dead_lettered).',
    labelNames: ['topic', 'outcome'],
    registers,
  }),
  deadLettered: new Counter({
    name: 'issuestream_consumer_dead_lettered_total',
    help: 'Messages sent to the dead-letter topic, by source topic and reason.',
    labelNames: ['topic', 'reason'],
    registers,
  }),
  retries: new Counter({
    name: 'issuestream_consumer_retries_total',
    help: 'Batches retried after a transient error (the partition was paused meanwhile).',
    labelNames: ['topic'],
    registers,
  }),
  commits: new Counter({
    name: 'issuestream_consumer_commits_total',
    help: 'Offset commits sent to the group coordinator.',
    registers,
  }),
  groupJoins: new Counter({
    name: 'issuestream_consumer_group_joins_total',
    help: 'Times this member joined its consumer group: once at start, then once per rebalance.',
    labelNames: ['group'],
    registers,
  }),
  lag: new Gauge({
    name: 'issuestream_consumer_lag_messages',
    help: "Messages between the group's committed offset and the partition's high watermark, per partition this member owns.",
    labelNames: ['topic', 'partition'],
    registers,
  }),
  lastCommit: new Gauge({
    name: 'issuestream_consumer_last_commit_timestamp_seconds',
    help: 'Unix time of the last successful offset commit (set to the start time when the consumer starts).',
    registers,
  }),
  batchSeconds: new Histogram({
    name: 'issuestream_consumer_batch_duration_seconds',
    help: 'Time to decode, process and dead-letter one batch, in seconds.',
    labelNames: ['topic'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  }),
};
