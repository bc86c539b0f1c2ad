import { GroupStatus, GroupSubStatus } from '@issuestream/issue-platform';
import {
  buildFeedbackIssue, detectSpam, feedbackEvidenceData, feedbackEvidenceDisplay, feedbackIds, FeedbackCreationSource, filterFeedback,
  fixForIssuePlatform, spamDetectionEnabled, tagsAsObject, truncateFeedbackTitle, unknownSpamDetector, UNREAL_FEEDBACK_UNATTENDED_MESSAGE,
  type SpamVerdict,
} from './index';

const withMessage = (feedback: Record<string, unknown>) => ({ contexts: { feedback } }) as never;

describe('filterFeedback', () => {
  it('keeps a normal feedback', () => expect(filterFeedback(withMessage({ message: 'hi' }))).toBeNull());
  it('missing context, feedback or message', () => {
    expect(filterFeedback({} as never)).toBe('missing_context');
    expect(filterFeedback({ contexts: {} } as never)).toBe('missing_context');
    expect(filterFeedback(withMessage({ name: 'x' }))).toBe('missing_context');
    expect(filterFeedback(withMessage({ message: null }))).toBe('missing_context');
  });
  it('unattended, empty, too large, bad associated id — in that order', () => {
    expect(filterFeedback(withMessage({ message: UNREAL_FEEDBACK_UNATTENDED_MESSAGE, associated_event_id: 'bad' }))).toBe('unreal.unattended');
    expect(filterFeedback(withMessage({ message: '  \n ', associated_event_id: 'bad' }))).toBe('empty');
    expect(filterFeedback(withMessage({ message: 'x'.repeat(4097), associated_event_id: 'bad' }))).toBe('too_large');
    expect(filterFeedback(withMessage({ message: 'x'.repeat(4096) }))).toBeNull();
    expect(filterFeedback(withMessage({ message: 'x'.repeat(11) }), { maxMessageSize: 10 })).toBe('too_large');
    expect(filterFeedback(withMessage({ message: 'ok', associated_event_id: 'not-a-uuid' }))).toBe('invalid_associated_event_id');
    expect(filterFeedback(withMessage({ message: 'ok', associated_event_id: '0123456789abcdef0123456789abcdef' }))).toBeNull();
    expect(filterFeedback(withMessage({ message: 'ok', associated_event_id: '01234567-89ab-cdef-0123-456789abcdef' }))).toBeNull();
  });
});

describe('truncateFeedbackTitle', () => {
  it('keeps short messages, trimmed', () => expect(truncateFeedbackTitle('  hello there ')).toBe('hello there'));
  it('keeps at most ten words', () => expect(truncateFeedbackTitle('a b c d e f g h i j k l')).toBe('a b c d e f g h i j...'));
  it('ten words exactly are kept as they are', () => expect(truncateFeedbackTitle('a  b c d e f g h i j')).toBe('a  b c d e f g h i j'));
  it('cuts long text to 185 characters', () => {
    const title = truncateFeedbackTitle('y'.repeat(300));
    expect(title).toHaveLength(185);
    expect(title.endsWith('...')).toBe(true);
  });
  it('applies both rules', () => {
    const title = truncateFeedbackTitle(Array.from({ length: 12 }, () => 'w'.repeat(30)).join(' '));
    expect(title).toBe(`${Array.from({ length: 10 }, () => 'w'.repeat(30)).join(' ').slice(0, 182)}...`);
  });
});

describe('evidence', () => {
  const base = { source: FeedbackCreationSource.NEW_FEEDBACK_ENVELOPE, summary: 'sum' };
  it('copies set fields and always adds source, spam and summary', () => {
    const feedback = { message: 'm', name: '', contact_email: 'a@b.c', associated_event_id: null, url: 'u' } as never;
    expect(feedbackEvidenceData({ ...base, feedback, isSpam: null, spamDetectionEnabled: false })).toEqual({
      contact_email: 'a@b.c', message: 'm', source: 'new_feedback_envelope', is_spam: null, spam_detection_enabled: false, summary: 'sum',
    });
  });
  it('displays fields, message important, is_spam only when enabled, never source', () => {
    const feedback = { message: 'm', name: 'n', associated_event_id: 'e' } as never;
    expect(feedbackEvidenceDisplay({ ...base, feedback, isSpam: null, spamDetectionEnabled: false })).toEqual([
      { name: 'associated_event_id', value: 'e', important: false },
      { name: 'message', value: 'm', important: true },
      { name: 'name', value: 'n', important: false },
      { name: 'spam_detection_enabled', value: 'False', important: false },
    ]);
    const on = feedbackEvidenceDisplay({ ...base, feedback, isSpam: null, spamDetectionEnabled: true });
    expect(on.slice(-2)).toEqual([{ name: 'is_spam', value: 'error', important: false }, { name: 'spam_detection_enabled', value: 'True', important: false }]);
    expect(feedbackEvidenceDisplay({ ...base, feedback, isSpam: true, spamDetectionEnabled: true }).find((e) => e.name === 'is_spam')!.value).toBe('True');
  });
});

describe('fixForIssuePlatform', () => {
  const now = new Date('2026-01-02T03:04:05.000Z');
  it('keeps only the needed keys with defaults', () => {
    const fixed = fixForIssuePlatform(
      {
        timestamp: 1700000000.5, breadcrumbs: [], extra: { a: 1 }, environment: '', tags: [['browser', 'firefox']],
        user: { id: 42, name: 'N', isStaff: true }, contexts: { feedback: { message: 'hello', contact_email: 'x@y.z', replay_id: 'r1' } },
      },
      { projectId: 7, eventId: 'e'.repeat(32), now },
    );
    expect(fixed).toEqual({
      timestamp: '2023-11-14T22:13:20.500Z', received: now.toISOString(), project_id: 7, event_id: 'e'.repeat(32),
      contexts: { feedback: { message: 'hello', contact_email: 'x@y.z', replay_id: 'r1' }, replay: { replay_id: 'r1' } },
      platform: 'other', level: 'info', environment: 'production', request: {},
      user: { id: '42', email: 'x@y.z' }, tags: { browser: 'firefox' }, logentry: { message: 'hello' },
    });
  });
  it('keeps an existing replay context, release, sdk and an existing email', () => {
    const fixed = fixForIssuePlatform(
      { platform: 'javascript', level: 'error', environment: 'prod', release: '1.0', sdk: { name: 's' }, user: { email: null }, contexts: { replay: { replay_id: 'a' }, feedback: { message: 'm', replay_id: 'b', contact_email: 'c' } } },
      { projectId: 1, eventId: 'a'.repeat(32), now },
    );
    expect(fixed).toMatchObject({ platform: 'javascript', level: 'error', environment: 'prod', release: '1.0', sdk: { name: 's' }, user: { email: null } });
    expect((fixed['contexts'] as Record<string, unknown>)['replay']).toEqual({ replay_id: 'a' });
  });
  it('tags as object', () => {
    expect(tagsAsObject({ a: 'b' })).toEqual({ a: 'b' });
    expect(tagsAsObject(null)).toEqual({});
  });
});

describe('ids and spam', () => {
  it('derives the same ids from project and event id, different across projects', () => {
    const a = feedbackIds(1, 'A'.repeat(32));
    expect(feedbackIds(1, 'a'.repeat(32))).toEqual(a);
    expect(feedbackIds(2, 'a'.repeat(32)).fingerprint).not.toBe(a.fingerprint);
    expect(a.occurrenceId).toMatch(/^[0-9a-f]{12}5[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
    expect(a.occurrenceId).not.toBe(a.fingerprint);
  });
  it('spam detection: gated, unknown by default, errors become null', async () => {
    expect(spamDetectionEnabled(new Set(['organizations:user-feedback-spam-ingest']), true)).toBe(true);
    expect(spamDetectionEnabled(new Set(['organizations:user-feedback-spam-ingest']), false)).toBe(false);
    expect(spamDetectionEnabled(new Set(), true)).toBe(false);
    expect(await detectSpam(unknownSpamDetector, true, 'x')).toBeNull();
    expect(await detectSpam({ classify: () => 'spam' }, false, 'x')).toBeNull();
    expect(await detectSpam({ classify: () => 'spam' }, true, 'x')).toBe(true);
    expect(await detectSpam({ classify: async (): Promise<SpamVerdict> => 'not_spam' }, true, 'x')).toBe(false);
    expect(await detectSpam({ classify: () => { throw new Error('down'); } }, true, 'x')).toBeNull();
  });
});

describe('buildFeedbackIssue', () => {
  const event = { event_id: 'b'.repeat(32), timestamp: 1700000000, level: 'weird', release: 'r', contexts: { feedback: { message: 'It broke when I clicked save', contact_email: 'u@x.io', associated_event_id: 'c'.repeat(32) } } };
  it('builds a type-6001 occurrence with title, culprit, evidence and tags', () => {
    const issue = buildFeedbackIssue(event as never, { projectId: 3, eventId: 'ignored', isSpam: null, spamDetectionEnabled: false, now: new Date(0) });
    expect(issue.occurrence).toMatchObject({
      projectId: 3, eventId: 'b'.repeat(32), type: 6001, culprit: 'user', level: 'info', issueTitle: 'User Feedback: It broke when I clicked save',
      subtitle: 'It broke when I clicked save', fingerprint: [feedbackIds(3, 'b'.repeat(32)).fingerprint], id: feedbackIds(3, 'b'.repeat(32)).occurrenceId,
      evidenceData: { summary: 'It broke when I clicked save', source: 'new_feedback_envelope', is_spam: null, spam_detection_enabled: false, contact_email: 'u@x.io' },
    });
    expect(issue.occurrence.detectionTime).toEqual(new Date(1700000000000));
    expect(issue.event['tags']).toEqual({ 'user.email': 'u@x.io', associated_event_id: 'c'.repeat(32), has_linked_error: 'true', release: 'r' });
    expect(issue.event['level']).toBe('info');
    expect(issue.statusChange).toBeNull();
  });
  it('archives spam forever', () => {
    const issue = buildFeedbackIssue(event as never, { projectId: 3, eventId: 'x', isSpam: true, spamDetectionEnabled: true });
    expect(issue.statusChange).toMatchObject({ projectId: 3, fingerprint: issue.occurrence.fingerprint, newStatus: GroupStatus.IGNORED, newSubstatus: GroupSubStatus.FOREVER });
  });
});
