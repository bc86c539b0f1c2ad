import { metricsRegistry } from '@issuestream/observability';
import { Counter } from 'prom-client';

const counter = (name: string, help: string, labelNames: string[]) =>
  (metricsRegistry.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames, registers: [metricsRegistry] });

/** Outcome messages by what the writer did: counted, or already_counted (a redelivery below the watermark). */
export const outcomeMessages = counter('issuestream_outcomes_messages_total', 'Outcome messages consumed', ['result']);
