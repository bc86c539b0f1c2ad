import { metricsRegistry } from '@issuestream/observability';
import { Counter } from 'prom-client';

function counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [metricsRegistry] });
}

/** Feedback dropped by the content filters, by reason. */
export const feedbackFiltered = counter('issuestream_feedback_filtered_total', 'Feedback events dropped by a filter', ['reason']);

/** Every outcome emitted, per project, outcome and reason (reason "" when accepted). */
export const feedbackOutcomes = counter('issuestream_feedback_outcomes_total', 'Feedback outcomes emitted', ['project_id', 'outcome', 'reason']);
