import type { UserReportStore } from '@issuestream/user-reports-data';
import { Outcome, type OutcomeFields } from './outcomes';
import { normalizeEventId, saveUserReports, userReportOutcome, type SaveUserReportsOptions, type UserReportInput, type UserReportResult } from './user-report';

/** A report on an event older than this (relative to its submission) is refused. */
export const USER_REPORT_EVENT_MAX_AGE_MS = 30 * 60 * 1000;

export const EVENT_TOO_OLD = { reason: 'event_too_old', display: 'Associated event is too old' } as const;

/** What a report needs of the event it is about, once that event is stored. */
export interface ReportedEvent {
  readonly groupId: number | null;
  readonly environmentId: number | null;
  readonly occurredAt: Date;
}

/**
 * Where stored error events are looked up by (project, event id). The errors
 * pipeline does not exist yet, so every caller passes `noEventStore` and
 * reports keep a null group until a later link fills it.
 */
export interface ReportedEventLookup {
  find(projectId: number, eventId: string): Promise<ReportedEvent | null>;
}

export const noEventStore: ReportedEventLookup = { find: async () => null };

export type UserReportSubmission = UserReportResult | { readonly kind: 'event_too_old' };

/**
 * save_userreport for one report from an HTTP caller: the event lookup (an
 * event older than 30 minutes refuses the report; a found event lends its
 * group and environment), then the shared batch path with a batch of one.
 */
export async function submitUserReport(
  stores: { userReports: Pick<UserReportStore, 'save'>; events: ReportedEventLookup },
  input: UserReportInput,
  options: SaveUserReportsOptions,
): Promise<UserReportSubmission> {
  const eventId = typeof input.eventId === 'string' ? normalizeEventId(input.eventId) : null;
  const event = eventId === null ? null : await stores.events.find(input.projectId, eventId);
  if (event && event.occurredAt.getTime() < input.submittedAt.getTime() - USER_REPORT_EVENT_MAX_AGE_MS) return { kind: 'event_too_old' };
  const linked: UserReportInput = event ? { ...input, groupId: event.groupId, environmentId: event.environmentId } : input;
  const [result] = await saveUserReports(stores.userReports, [linked], options);
  return result ?? { kind: 'failed', error: new Error('no result') };
}

/**
 * The outcome of a submission: ACCEPTED for a newly stored report (the HTTP
 * endpoints are the report's point of entry, as Relay is for envelopes),
 * INVALID with the reference's reason for a refusal; none for an overwrite or
 * a resubmission of the same report, so a retry is not counted twice.
 */
export function submissionOutcome(submission: UserReportSubmission, where: { orgId: number; projectId: number; at: Date; source: string }): OutcomeFields | null {
  const base = { at: where.at, orgId: where.orgId, projectId: where.projectId, eventId: null, source: where.source };
  if (submission.kind === 'saved') return { ...base, outcome: Outcome.ACCEPTED, reason: null };
  if (submission.kind === 'event_too_old') return { ...base, outcome: Outcome.INVALID, reason: EVENT_TOO_OLD.display };
  const refused = userReportOutcome(submission, where);
  return refused ? { ...refused, source: where.source } : null;
}
