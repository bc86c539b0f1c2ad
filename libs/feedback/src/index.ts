export { FeedbackCreationSource, isNewFeedbackSource } from './source';
export {
  DEFAULT_FEEDBACK_MESSAGE_MAX_SIZE, FEEDBACK_FILTER_REASONS, feedbackContext, filterFeedback, isUuid, UNREAL_FEEDBACK_UNATTENDED_MESSAGE,
  type FeedbackFilterReason, type FilterOptions,
} from './filters';
export { FEEDBACK_TITLE_PREFIX, feedbackIssueTitle, truncateFeedbackTitle } from './title';
export { feedbackEvidenceData, feedbackEvidenceDisplay, type EvidenceInputs } from './evidence';
export { addFeedbackTags, eventTime, fixForIssuePlatform, tagsAsObject, type FixOptions } from './fix-event';
export { feedbackIds, nameBasedUuid } from './ids';
export { detectSpam, FEEDBACK_SPAM_INGEST_FLAG, spamDetectionEnabled, unknownSpamDetector, type SpamDetector, type SpamVerdict } from './spam';
export { buildFeedbackIssue, FEEDBACK_GROUP_TYPE_ID, type FeedbackIssue, type FeedbackIssueOptions } from './occurrence';
export { FEEDBACK_CATEGORY, feedbackOutcome, Outcome, outcomeTimestamp, type OutcomeCode, type OutcomeFields } from './outcomes';
export {
  DUPLICATE_USER_REPORT, normalizeEventId, saveUserReports, USER_REPORT_INVALID_REASONS, USER_REPORT_MAX_LENGTH, USER_REPORT_OVERWRITE_WINDOW_MS, userReportOutcome,
  validateUserReport, type SaveUserReportsOptions, type UserReportInput, type UserReportInvalidReason, type UserReportResult, type UserReportValidation,
  type UserReportValidationOptions,
} from './user-report';
export { shimFeedbackToUserReports, type ProducedFeedback, type ShimToUserReportOptions, type UserReportShim } from './shim-to-user-report';
export {
  EVENT_TOO_OLD, noEventStore, reportedEventKey, shouldShimToFeedback, submissionOutcome, submitUserReport, submitUserReports, USER_REPORT_EVENT_MAX_AGE_MS,
  type ReportedEvent, type ReportedEventKey, type ReportedEventLookup, type SubmittedUserReport, type UserReportSubmission,
} from './submit-user-report';
export { errorStoreEventLookup } from './reported-event-lookup';
export { produceFeedbackIssues } from './produce-issues';
export {
  feedbackEventForUserReport, sendUserReportFeedback, shimToFeedback, userReportFeedbackId, type ShimmedFeedback, type ShimmedUserReport, type ShimOptions,
  type UserReportShimDeps, type UserReportShimResult, type UserReportToShim,
} from './shim-to-feedback';
