import type { NewUserReport, UserReportWrite } from '@issuestream/user-reports-data';
import { Outcome } from './outcomes';
import { FeedbackCreationSource } from './source';
import {
  noEventStore, reportedEventKey, shouldShimToFeedback, submissionOutcome, submitUserReport, submitUserReports, type ReportedEvent, type ReportedEventLookup,
} from './submit-user-report';

/** Records what would be written; every report is new. */
class RecordingReports {
  readonly saved: NewUserReport[] = [];
  async save(reports: readonly NewUserReport[]): Promise<UserReportWrite[]> {
    this.saved.push(...reports);
    return reports.map((_, i) => ({ kind: 'inserted', id: i + 1 }));
  }
}

const at = new Date('2025-06-01T12:00:00.000Z');
const EVENT = 'ab'.repeat(16);
const input = { projectId: 3, eventId: EVENT, name: 'Jane', email: 'jane@example.com', comments: 'It broke', submittedAt: at };
const options = { now: at, filterGarbageMessages: false };
const stored = (occurredAt: Date, data: ReportedEvent['data'] = { level: 'error' }): ReportedEvent => ({ groupId: 41, environmentId: 5, occurredAt, data });
const eventAt = (occurredAt: Date): ReportedEventLookup => ({
  find: async (keys) => new Map(keys.filter((k) => k.eventId === EVENT).map((k) => [reportedEventKey(k), stored(occurredAt)])),
});

describe('submitUserReport', () => {
  it('stores a report without a group when the event is not stored', async () => {
    const reports = new RecordingReports();
    expect(await submitUserReport({ userReports: reports, events: noEventStore }, input, options)).toEqual({ result: { kind: 'saved', id: 1 }, event: null });
    expect(reports.saved).toMatchObject([{ groupId: null, environmentId: null, eventId: EVENT }]);
  });

  it('takes group and environment from a stored event, looked up by its normalised id', async () => {
    const reports = new RecordingReports();
    const submitted = await submitUserReport({ userReports: reports, events: eventAt(new Date(at.getTime() - 60_000)) }, { ...input, eventId: EVENT.toUpperCase() }, options);
    expect(reports.saved).toMatchObject([{ groupId: 41, environmentId: 5 }]);
    expect(submitted.event).toMatchObject({ groupId: 41, data: { level: 'error' } });
  });

  it('refuses a report on an event older than 30 minutes, writing nothing', async () => {
    const reports = new RecordingReports();
    const old = eventAt(new Date(at.getTime() - 31 * 60_000));
    expect((await submitUserReport({ userReports: reports, events: old }, input, options)).result).toEqual({ kind: 'event_too_old' });
    expect(reports.saved).toEqual([]);
  });

  it('looks a batch up once and keeps results in input order', async () => {
    const reports = new RecordingReports();
    let lookups = 0;
    const events: ReportedEventLookup = { find: async (keys) => (lookups++, eventAt(new Date(at.getTime() - 31 * 60_000)).find(keys)) };
    const other = { ...input, eventId: 'cd'.repeat(16) };
    const results = await submitUserReports({ userReports: reports, events }, [input, other, { ...input, eventId: 'nope' }], options);
    expect(lookups).toBe(1);
    expect(results.map((r) => r.result.kind)).toEqual(['event_too_old', 'saved', 'invalid']);
  });
});

describe('shouldShimToFeedback', () => {
  const withEvent = { result: { kind: 'saved', id: 1 } as const, event: stored(at) };
  it('shims stored reports about stored events that came the old way', () => {
    expect(shouldShimToFeedback(withEvent, FeedbackCreationSource.CRASH_REPORT_EMBED_FORM)).toBe(true);
    expect(shouldShimToFeedback({ ...withEvent, result: { kind: 'unchanged', id: 1 } }, FeedbackCreationSource.USER_REPORT_ENVELOPE)).toBe(true);
    expect(shouldShimToFeedback(withEvent, FeedbackCreationSource.NEW_FEEDBACK_ENVELOPE)).toBe(false);
    expect(shouldShimToFeedback({ ...withEvent, event: null }, FeedbackCreationSource.USER_REPORT_DJANGO_ENDPOINT)).toBe(false);
    expect(shouldShimToFeedback({ ...withEvent, event: stored(at, null) }, FeedbackCreationSource.USER_REPORT_DJANGO_ENDPOINT)).toBe(false);
    expect(shouldShimToFeedback({ ...withEvent, result: { kind: 'conflict', id: 1 } }, FeedbackCreationSource.USER_REPORT_DJANGO_ENDPOINT)).toBe(false);
  });
});

describe('submissionOutcome', () => {
  const where = { orgId: 1, projectId: 3, at, source: 'api:x' };
  it('is ACCEPTED for a new report, INVALID for refusals, none for overwrites and repeats', () => {
    expect(submissionOutcome({ kind: 'saved', id: 1 }, where)).toMatchObject({ outcome: Outcome.ACCEPTED, reason: null, source: 'api:x' });
    expect(submissionOutcome({ kind: 'event_too_old' }, where)).toMatchObject({ outcome: Outcome.INVALID, reason: 'Associated event is too old' });
    expect(submissionOutcome({ kind: 'conflict', id: 1 }, where)).toMatchObject({ outcome: Outcome.INVALID, reason: 'Duplicate report', source: 'api:x' });
    expect(submissionOutcome({ kind: 'overwritten', id: 1 }, where)).toBeNull();
    expect(submissionOutcome({ kind: 'unchanged', id: 1 }, where)).toBeNull();
  });
});
