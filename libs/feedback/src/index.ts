export { FeedbackCreationSource } from './source';
export {
  DEFAULT_FEEDBACK_MESSAGE_MAX_SIZE, FEEDBACK_FILTER_REASONS, feedbackContext, filterFeedback, isUuid, UNREAL_FEEDBACK_UNATTENDED_MESSAGE,
  type FeedbackFilterReason, type FilterOptions,
} from './filters';
export { FEEDBACK_TITLE_PREFIX, feedbackIssueTitle, truncateFeedbackTitle } from './title';
export { feedbackEvidenceData, feedbackEvidenceDisplay, type EvidenceInputs } from './evidence';
export { addFeedbackTags, eventTime, fixForIssuePlatform, tagsAsObject, type FixOptions } from './fix-event';
export { feedbackIds, nameBasedUuid } from './ids';
export { detectSpam, spamDetectionEnabled, unknownSpamDetector, type SpamDetector, type SpamVerdict } from './spam';
export { buildFeedbackIssue, FEEDBACK_GROUP_TYPE_ID, type FeedbackIssue, type FeedbackIssueOptions } from './occurrence';
export { FEEDBACK_CATEGORY, feedbackOutcome, Outcome, outcomeTimestamp, type OutcomeCode, type OutcomeFields } from './outcomes';
