import { FeedbackCreationSource } from './source';
import { feedbackEventForUserReport, shimToFeedback, userReportFeedbackId } from './shim-to-feedback';

const ERROR_ID = 'ab'.repeat(16);
const report = { eventId: ERROR_ID, name: 'Jane', email: 'jane@example.com', comments: 'The checkout crashed when I paid' };
const errorEvent = {
  event_id: ERROR_ID,
  timestamp: 1767225600.5,
  platform: 'javascript',
  level: 'error',
  environment: 'staging',
  release: 'web@1.2.3',
  user: { id: 7, name: 'Jane D', username: 'jdoe', email: 'jd@example.com' },
  contexts: { replay: { replay_id: 'cd'.repeat(16) }, trace: { trace_id: 'ef'.repeat(16), span_id: '12'.repeat(8) }, browser: { name: 'Chrome' } },
  tags: [['level', 'error'], ['browser', 'Chrome']],
  breadcrumbs: { values: [] },
};
const now = new Date('2026-01-01T00:10:00.000Z');
const options = { source: FeedbackCreationSource.CRASH_REPORT_EMBED_FORM, isSpam: null, spamDetectionEnabled: false, maxMessageSize: 4096, now };

describe('feedbackEventForUserReport', () => {
  it('takes the report’s words and the error event’s time, platform, level, environment, tags, replay and trace', () => {
    expect(feedbackEventForUserReport(report, errorEvent)).toEqual({
      contexts: {
        feedback: { name: 'Jane', contact_email: 'jane@example.com', message: report.comments, associated_event_id: ERROR_ID, replay_id: 'cd'.repeat(16) },
        replay: { replay_id: 'cd'.repeat(16) },
        trace: { trace_id: 'ef'.repeat(16), span_id: '12'.repeat(8) },
      },
      timestamp: 1767225600.5,
      platform: 'javascript',
      level: 'error',
      environment: 'staging',
      tags: [['level', 'error'], ['browser', 'Chrome']],
    });
  });

  it('falls back to the event user’s name, username and e-mail; leaves out what the event lacks', () => {
    const anonymous = { ...report, name: '', email: null };
    expect(feedbackEventForUserReport(anonymous, errorEvent).contexts).toMatchObject({ feedback: { name: 'Jane D', contact_email: 'jd@example.com' } });
    const bare = feedbackEventForUserReport(anonymous, { user: { username: 'jdoe' }, timestamp: '2026-01-01T00:00:00Z', tags: { a: 'b' } });
    expect(bare).toEqual({
      contexts: { feedback: { name: 'jdoe', contact_email: '', message: report.comments, associated_event_id: ERROR_ID } },
      timestamp: 1767225600,
      tags: [['a', 'b']],
    });
  });
});

describe('shimToFeedback', () => {
  it('builds the feedback occurrence as the consumer does, with the report’s source and a stable id', () => {
    const shim = shimToFeedback(5, report, errorEvent, options);
    if (shim.kind !== 'issue') throw new Error(shim.kind);
    expect(shim.eventId).toBe(userReportFeedbackId(5, report));
    expect(shim.issue.occurrence).toMatchObject({
      projectId: 5, eventId: shim.eventId, type: 6001, culprit: 'user', level: 'error', issueTitle: 'User Feedback: The checkout crashed when I paid',
      detectionTime: new Date(1767225600500),
      evidenceData: { source: 'crash_report_embed_form', associated_event_id: ERROR_ID, contact_email: 'jane@example.com', name: 'Jane', message: report.comments },
    });
    expect(shim.issue.event).toMatchObject({
      event_id: shim.eventId, environment: 'staging', platform: 'javascript', level: 'error', user: { email: 'jane@example.com' },
      contexts: { replay: { replay_id: 'cd'.repeat(16) } },
      tags: { level: 'error', browser: 'Chrome', associated_event_id: ERROR_ID, has_linked_error: 'true', 'user.email': 'jane@example.com' },
    });
    expect(shim.issue.event).not.toHaveProperty('breadcrumbs');
    expect(shim.issue.statusChange).toBeNull();
    expect(shimToFeedback(5, report, errorEvent, options)).toEqual(shim);
  });

  it('gives a changed report a new feedback and another project another id', () => {
    const id = userReportFeedbackId(5, report);
    expect(userReportFeedbackId(5, { ...report, comments: 'more' })).not.toBe(id);
    expect(userReportFeedbackId(6, report)).not.toBe(id);
  });

  it('applies the feedback filters and archives spam', () => {
    expect(shimToFeedback(5, { ...report, comments: '   ' }, errorEvent, options)).toMatchObject({ kind: 'filtered', reason: 'empty' });
    expect(shimToFeedback(5, report, errorEvent, { ...options, maxMessageSize: 10 })).toMatchObject({ kind: 'filtered', reason: 'too_large' });
    const spam = shimToFeedback(5, report, errorEvent, { ...options, isSpam: true, spamDetectionEnabled: true });
    expect(spam.kind === 'issue' && spam.issue.statusChange).toMatchObject({ newStatus: 2, newSubstatus: 5 });
  });
});
