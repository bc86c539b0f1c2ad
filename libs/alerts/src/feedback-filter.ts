import { FeedbackCreationSource, isNewFeedbackSource } from '@issuestream/feedback';

/** The option epoch from which `sentry:feedback_user_report_notifications` defaults on. */
export const USER_REPORT_NOTIFICATIONS_EPOCH = 12;

/** The project option's value, or its epoch default when unset (null). */
export const userReportNotificationsEnabled = (stored: boolean | null, optionEpoch: number): boolean =>
  stored ?? optionEpoch >= USER_REPORT_NOTIFICATIONS_EPOCH;

export type FeedbackSkipReason = 'no_occurrence' | 'spam' | 'no_source' | 'unknown_source' | 'user_report_notifications_off';

export interface FeedbackFilterInput {
  /** The stored occurrence's evidence data, or undefined when the occurrence is missing. */
  evidenceData: Record<string, unknown> | undefined;
  /** `userReportNotificationsEnabled` for the feedback's project. */
  userReportNotifications: boolean;
}

const KNOWN_SOURCES: ReadonlySet<string> = new Set(Object.values(FeedbackCreationSource));

/**
 * should_postprocess_feedback: whether a feedback issue's post-process steps
 * (here: the alert rules) run. Spam never notifies; widget feedback always
 * does; feedback that came in as a user report (envelope, legacy endpoint,
 * crash-report dialog, the back-fill task) only when the project opted in.
 */
export function feedbackSkipReason(input: FeedbackFilterInput): FeedbackSkipReason | null {
  const evidence = input.evidenceData;
  if (!evidence) return 'no_occurrence';
  if (evidence['is_spam'] === true) return 'spam';
  const source = evidence['source'];
  if (typeof source !== 'string' || source === '') return 'no_source';
  if (!KNOWN_SOURCES.has(source)) return 'unknown_source';
  if (isNewFeedbackSource(source as FeedbackCreationSource)) return null;
  return input.userReportNotifications ? null : 'user_report_notifications_off';
}
