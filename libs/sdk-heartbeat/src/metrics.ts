import { metricsRegistry } from '@issuestream/observability';
import { Counter } from 'prom-client';

const counter = (name: string, help: string, labelNames: string[]) =>
  (metricsRegistry.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames, registers: [metricsRegistry] });

/** Flushes of the coalesced heartbeats to Redis, by result (ok, failed). */
export const heartbeatFlushes = counter('issuestream_sdk_heartbeat_flushes_total', 'Heartbeat flushes to Redis', ['result']);

/** Distinct (project, signal, SDK, environment) entries written per flush, summed. */
export const heartbeatEntries = counter('issuestream_sdk_heartbeat_entries_flushed_total', 'Coalesced heartbeat entries written to Redis', []);
