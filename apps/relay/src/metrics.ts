import { metricsRegistry } from '@issuestream/observability';
import { Counter } from 'prom-client';

const counter = (name: string, help: string, labelNames: string[]) =>
  (metricsRegistry.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames, registers: [metricsRegistry] });

/** Requests refused, by HTTP status and reason (missing_auth, too_large, rate_limited, …). */
export const rejections = counter('issuestream_relay_rejections_total', 'Requests the relay refused', ['status', 'reason']);

/** Envelope items by type and what happened to them (produced, accepted = counted only, dropped). */
export const items = counter('issuestream_relay_items_total', 'Envelope items handled by the relay', ['type', 'outcome']);

/** Kafka messages produced, by logical topic. */
export const produced = counter('issuestream_relay_messages_produced_total', 'Kafka messages the relay produced', ['topic']);

/** Outcomes the relay decided (feedback refused by the key's rate limit), by project and reason. */
export const outcomes = counter('issuestream_relay_outcomes_total', 'Outcomes recorded by the relay', ['project_id', 'outcome', 'reason']);
