import { GroupStatus, GroupSubStatus, type EventPayload, type LogLevel, type OccurrenceInput, type StatusChangeInput } from '@issuestream/issue-platform';
import type { JsonObject } from '@issuestream/schemas';
import { feedbackEvidenceData, feedbackEvidenceDisplay } from './evidence';
import { feedbackContext } from './filters';
import { addFeedbackTags, eventTime, fixForIssuePlatform } from './fix-event';
import { feedbackIds } from './ids';
import { FeedbackCreationSource } from './source';
import { feedbackIssueTitle, FEEDBACK_TITLE_PREFIX } from './title';

/** Type id of the built-in FeedbackGroup. */
export const FEEDBACK_GROUP_TYPE_ID = 6001;

const LEVELS: ReadonlySet<string> = new Set(['sample', 'debug', 'info', 'warning', 'error', 'fatal']);

export interface FeedbackIssueOptions {
  projectId: number;
  /** The feedback event's id (32 hex); the event's own `event_id` wins when it has one. */
  eventId: string;
  source?: FeedbackCreationSource;
  isSpam: boolean | null;
  spamDetectionEnabled: boolean;
  now?: Date;
}

export interface FeedbackIssue {
  occurrence: OccurrenceInput;
  event: EventPayload;
  /** Set when the feedback is spam: archive the issue forever (the UI's spam folder). */
  statusChange: StatusChangeInput | null;
}

/**
 * The occurrence (type 6001), its adjusted event and, for spam, the status
 * change, for a feedback event that passed the filters.
 */
export function buildFeedbackIssue(event: JsonObject, options: FeedbackIssueOptions): FeedbackIssue {
  const now = options.now ?? new Date();
  const source = options.source ?? FeedbackCreationSource.NEW_FEEDBACK_ENVELOPE;
  const ownId = typeof event['event_id'] === 'string' && event['event_id'] !== '' ? event['event_id'] : options.eventId;
  const eventId = ownId.replace(/-/g, '').toLowerCase();
  const feedback = feedbackContext(event) ?? {};
  const message = typeof feedback['message'] === 'string' ? feedback['message'] : String(feedback['message'] ?? '');
  const title = feedbackIssueTitle(message);
  const evidence = { feedback, source, isSpam: options.isSpam, spamDetectionEnabled: options.spamDetectionEnabled, summary: title.slice(FEEDBACK_TITLE_PREFIX.length) };
  const fixed = addFeedbackTags(fixForIssuePlatform(event, { projectId: options.projectId, eventId, now }));
  const ids = feedbackIds(options.projectId, eventId);
  const level = typeof event['level'] === 'string' && LEVELS.has(event['level']) ? (event['level'] as LogLevel) : 'info';
  if (!LEVELS.has(String(fixed['level']))) fixed['level'] = level;
  const occurrence: OccurrenceInput = {
    id: ids.occurrenceId,
    projectId: options.projectId,
    eventId,
    fingerprint: [ids.fingerprint],
    issueTitle: title,
    subtitle: message,
    resourceId: null,
    evidenceData: feedbackEvidenceData(evidence),
    evidenceDisplay: feedbackEvidenceDisplay(evidence),
    type: FEEDBACK_GROUP_TYPE_ID,
    detectionTime: eventTime(event['timestamp'], now),
    level,
    culprit: 'user',
  };
  const statusChange: StatusChangeInput | null =
    options.isSpam === true
      ? { id: ids.statusChangeId, projectId: options.projectId, fingerprint: [ids.fingerprint], newStatus: GroupStatus.IGNORED, newSubstatus: GroupSubStatus.FOREVER }
      : null;
  return { occurrence, event: fixed, statusChange };
}
