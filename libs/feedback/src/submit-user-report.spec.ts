import type { NewUserReport, UserReportWrite } from '@issuestream/user-reports-data';
import { Outcome } from './outcomes';
import { noEventStore, submissionOutcome, submitUserReport, type ReportedEventLookup } from './submit-user-report';

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
const eventAt = (occurredAt: Date): ReportedEventLookup => ({ find: async () => ({ groupId: 41, environmentId: 5, occurredAt }) });

describe('submitUserReport', () => {
  it('stores a report without a group while no event store exists', async () => {
    const reports = new RecordingReports();
    expect(await submitUserReport({ userReports: reports, events: noEventStore }, input, options)).toEqual({ kind: 'saved', id: 1 });
    expect(reports.saved).toMatchObject([{ groupId: null, environmentId: null, eventId: EVENT }]);
  });

  it('takes group and environment from a stored event', async () => {
    const reports = new RecordingReports();
    await submitUserReport({ userReports: reports, events: eventAt(new Date(at.getTime() - 60_000)) }, input, options);
    expect(reports.saved).toMatchObject([{ groupId: 41, environmentId: 5 }]);
  });

  it('refuses a report on an event older than 30 minutes, writing nothing', async () => {
    const reports = new RecordingReports();
    const old = eventAt(new Date(at.getTime() - 31 * 60_000));
    expect(await submitUserReport({ userReports: reports, events: old }, input, options)).toEqual({ kind: 'event_too_old' });
    expect(reports.saved).toEqual([]);
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
