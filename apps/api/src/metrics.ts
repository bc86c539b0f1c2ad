import { metricsRegistry } from '@issuestream/observability';
import { Counter } from 'prom-client';

const counter = (name: string, help: string, labelNames: string[]) =>
  (metricsRegistry.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames, registers: [metricsRegistry] });

/** Every answer of the user-report endpoints, by endpoint, HTTP status and reason (saved, invalid field, auth, …). */
export const reportRequests = counter('issuestream_api_user_report_requests_total', 'User-report requests the api answered', ['endpoint', 'status', 'reason']);

/** Outcomes the api produced for user reports, by creation source, outcome code and reason. */
export const reportOutcomes = counter('issuestream_api_user_report_outcomes_total', 'Outcomes produced for user reports', ['source', 'outcome', 'reason']);

/** User reports about stored events turned into feedback issues, by creation source and result (produced, filtered, refused, denylisted, error). */
export const reportShims = counter('issuestream_api_user_report_shims_total', 'User reports shimmed to feedback issues', ['source', 'result']);
