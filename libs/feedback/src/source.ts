/** Where a feedback came from (string values, as stored in evidence `source`). */
export enum FeedbackCreationSource {
  NEW_FEEDBACK_ENVELOPE = 'new_feedback_envelope',
  USER_REPORT_DJANGO_ENDPOINT = 'user_report_sentry_django_endpoint',
  USER_REPORT_ENVELOPE = 'user_report_envelope',
  CRASH_REPORT_EMBED_FORM = 'crash_report_embed_form',
  UPDATE_USER_REPORTS_TASK = 'update_user_reports_task',
}

/** Only feedback envelopes count as "new" feedback (the project's has_new_feedbacks flag, notifications). */
export const isNewFeedbackSource = (source: FeedbackCreationSource): boolean => source === FeedbackCreationSource.NEW_FEEDBACK_ENVELOPE;
