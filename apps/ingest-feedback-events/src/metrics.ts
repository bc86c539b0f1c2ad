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

/** User reports stored for feedback about an error event: saved, overwritten, or unchanged (a redelivery). */
export const userReportSuccess = counter('issuestream_feedback_user_report_success_total', 'User reports stored for feedback with an associated event', ['result']);

/** User reports not stored: a validation reason, duplicate_report (an older report kept), or error (logged). */
export const userReportFailed = counter('issuestream_feedback_user_report_failed_total', 'User reports for feedback with an associated event that were not stored', ['reason']);
