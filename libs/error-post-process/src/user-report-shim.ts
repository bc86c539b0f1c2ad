import { sendUserReportFeedback, type UserReportShimDeps, type UserReportToShim } from '@issuestream/feedback';
import { createLogger } from '@issuestream/observability';
import type { JsonObject } from '@issuestream/schemas';
import type { EventSummary } from './post-process-event';

const log = createLogger('error-post-process');

/**
 * Sends feedback issues for user reports (the reference's shim_to_feedback).
 * It gives a report the same feedback every time (ingest-occurrences drops
 * a repeated occurrence id), which the linkers rely on: they may call it
 * again for a report whose link did not commit. Throws on a failure worth
 * retrying.
 */
export type ShimUserReports = (items: readonly UserReportToShim[]) => Promise<void>;

/** The shim over `sendUserReportFeedback`: a payload the producer refuses is logged, not retried (it would be refused again). */
export function feedbackShim(deps: Omit<UserReportShimDeps, 'now'>): ShimUserReports {
  return async (items) => {
    const results = await sendUserReportFeedback(deps, items);
    results.forEach((result, index) => {
      const item = items[index];
      if (result.kind === 'refused' && item) {
        log.error('feedback for user report refused', { project_id: item.project.id, event_id: item.report.eventId, error: result.error.message });
      }
    });
  };
}

/** The error event document the shim reads, rebuilt from what post-process keeps of the event. */
export function errorEventDocument(event: EventSummary): JsonObject {
  const contexts: JsonObject = {};
  if (event.replayContext) contexts['replay'] = event.replayContext;
  if (event.traceContext) contexts['trace'] = event.traceContext;
  const document: JsonObject = {
    contexts,
    timestamp: event.timestamp,
    platform: event.platform,
    level: event.level,
    tags: event.tags.map(([key, value]) => [key, value]),
  };
  if (event.environment !== '') document['environment'] = event.environment;
  if (event.user) document['user'] = event.user;
  return document;
}
