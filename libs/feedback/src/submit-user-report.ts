import type { JsonObject } from '@issuestream/schemas';
import type { UserReportStore } from '@issuestream/user-reports-data';
import { Outcome, type OutcomeFields } from './outcomes';
import { isNewFeedbackSource, type FeedbackCreationSource } from './source';
import { normalizeEventId, saveUserReports, userReportOutcome, type SaveUserReportsOptions, type UserReportInput, type UserReportResult } from './user-report';

/** A report on an event older than this (relative to its submission) is refused. */
export const USER_REPORT_EVENT_MAX_AGE_MS = 30 * 60 * 1000;

export const EVENT_TOO_OLD = { reason: 'event_too_old', display: 'Associated event is too old' } as const;

/** What a report needs of the event it is about, once that event is stored. */
export interface ReportedEvent {
  readonly groupId: number | null;
  readonly environmentId: number | null;
  readonly occurredAt: Date;
  /** The stored event document, which the shim to a feedback copies from; null when it is not available. */
  readonly data: JsonObject | null;
}

export interface ReportedEventKey {
  readonly projectId: number;
  /** 32 lower-case hex. */
  readonly eventId: string;
}

export const reportedEventKey = (key: ReportedEventKey): string => `${key.projectId}:${key.eventId}`;

/** Where stored error events are looked up, a batch of (project, event id) at a time; the result is keyed by `reportedEventKey`. */
export interface ReportedEventLookup {
  find(keys: readonly ReportedEventKey[]): Promise<ReadonlyMap<string, ReportedEvent>>;
}

/** For callers (and tests) with no event store: every report keeps a null group until a later link fills it. */
export const noEventStore: ReportedEventLookup = { find: async () => new Map() };

export type UserReportSubmission = UserReportResult | { readonly kind: 'event_too_old' };

export interface SubmittedUserReport {
  readonly result: UserReportSubmission;
  /** The stored event the report is about, when it was found. */
  readonly event: ReportedEvent | null;
}

/**
 * save_userreport for a batch: one event lookup for all reports (an event
 * older than 30 minutes refuses its report; a found event lends its group and
 * environment), then the shared batch write. One result per input, in order.
 */
export async function submitUserReports(
  stores: { userReports: Pick<UserReportStore, 'save'>; events: ReportedEventLookup },
  inputs: readonly UserReportInput[],
  options: SaveUserReportsOptions,
): Promise<SubmittedUserReport[]> {
  const keys = inputs.map((input) => {
    const eventId = typeof input.eventId === 'string' ? normalizeEventId(input.eventId) : null;
    return eventId === null ? null : { projectId: input.projectId, eventId };
  });
  const found = await stores.events.find(keys.filter((k): k is ReportedEventKey => k !== null));
  const events = keys.map((key) => (key === null ? null : (found.get(reportedEventKey(key)) ?? null)));
  const results: SubmittedUserReport[] = new Array<SubmittedUserReport>(inputs.length);
  const toSave: { index: number; input: UserReportInput }[] = [];
  inputs.forEach((input, index) => {
    const event = events[index] ?? null;
    if (event && event.occurredAt.getTime() < input.submittedAt.getTime() - USER_REPORT_EVENT_MAX_AGE_MS) results[index] = { result: { kind: 'event_too_old' }, event };
    else toSave.push({ index, input: event ? { ...input, groupId: event.groupId, environmentId: event.environmentId } : input });
  });
  const saved = await saveUserReports(stores.userReports, toSave.map((s) => s.input), options);
  toSave.forEach(({ index }, i) => {
    results[index] = { result: saved[i] ?? { kind: 'failed', error: new Error('no result') }, event: events[index] ?? null };
  });
  return results;
}

/** submitUserReports for one report. */
export async function submitUserReport(
  stores: { userReports: Pick<UserReportStore, 'save'>; events: ReportedEventLookup },
  input: UserReportInput,
  options: SaveUserReportsOptions,
): Promise<SubmittedUserReport> {
  const [submitted] = await submitUserReports(stores, [input], options);
  return submitted ?? { result: { kind: 'failed', error: new Error('no result') }, event: null };
}

/**
 * Whether a submitted report becomes a feedback issue (save_userreport's
 * last step): its event is stored (with its document), the report is stored
 * (new, overwritten, or the same again — a retry whose shim may not have gone
 * out; the shim is idempotent), and it came in the old way (never feedback
 * from the SDK, which would loop).
 */
export function shouldShimToFeedback(submitted: SubmittedUserReport, source: FeedbackCreationSource): boolean {
  const kind = submitted.result.kind;
  return submitted.event?.data != null && (kind === 'saved' || kind === 'overwritten' || kind === 'unchanged') && !isNewFeedbackSource(source);
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
