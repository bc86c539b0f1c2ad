import type { FeedbackCreationSource } from '@issuestream/feedback';
import type { JsonObject } from '@issuestream/schemas';
import type { ProjectInfo } from '@issuestream/storage';
import type { EventSummary } from './post-process-event';

/** One user report to turn into a feedback issue, with the error event it is about. */
export interface UserReportShimRequest {
  readonly project: Pick<ProjectInfo, 'id' | 'organizationId' | 'organization'>;
  readonly report: { readonly eventId: string; readonly name: string | null; readonly email: string | null; readonly comments: string };
  /** The error event as the shim copies from it (user, replay and trace contexts, time, platform, level, environment, tags). */
  readonly errorEvent: JsonObject;
  readonly source: FeedbackCreationSource;
}

/**
 * Sends feedback issues for user reports (the reference's shim_to_feedback).
 * It must give a report the same feedback every time (ingest-occurrences
 * drops a repeated occurrence id): the link step may call it again for the
 * same report if its transaction did not commit.
 */
export type ShimUserReports = (items: readonly UserReportShimRequest[]) => Promise<void>;

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
