import type { NewUserReport, UserReportStore } from '@issuestream/user-reports-data';
import { UNREAL_FEEDBACK_UNATTENDED_MESSAGE } from './filters';
import { Outcome, type OutcomeFields } from './outcomes';

/** Column limits of the reference's user report model, in characters. */
export const USER_REPORT_MAX_LENGTH = { name: 128, email: 75, comments: 4096 } as const;

/** A second report for the same event replaces the first only this long after the first was added. */
export const USER_REPORT_OVERWRITE_WINDOW_MS = 5 * 60 * 1000;

/** Metric reason → the display reason sent as the INVALID outcome's reason (spelling as in the reference). */
export const USER_REPORT_INVALID_REASONS = {
  missing_comments: 'Missing comments',
  missing_event_id: 'Missing event_id',
  empty: 'Empty Feedback Messsage',
  'unreal.unattended': 'Sent in Unreal Unattended Mode',
  'too_large.message': 'Message Too Large',
  'too_large.name': 'Name Too Large',
  'too_large.email': 'Email Too Large',
  invalid_event_id: 'Invalid Event ID',
} as const;

export type UserReportInvalidReason = keyof typeof USER_REPORT_INVALID_REASONS;

export const DUPLICATE_USER_REPORT = { reason: 'duplicate_report', display: 'Duplicate report' } as const;

/** A user report as submitted: feedback about one event, by its id. */
export interface UserReportInput {
  readonly projectId: number;
  readonly eventId?: string | null;
  readonly comments?: string | null;
  readonly name?: string | null;
  readonly email?: string | null;
  readonly environmentId?: number | null;
  /** The group of the reported event, when that event is stored. */
  readonly groupId?: number | null;
  /** When it was submitted: the date added of a new report, and the time of its outcome. */
  readonly submittedAt: Date;
}

export interface UserReportValidationOptions {
  /** Global option `feedback.filter_garbage_messages`: also refuse empty and Unreal-unattended comments. */
  readonly filterGarbageMessages: boolean;
}

export type UserReportValidation =
  | { readonly valid: true; readonly report: NewUserReport }
  | { readonly valid: false; readonly reason: UserReportInvalidReason; readonly display: string };

const HEX32 = /^[0-9a-f]{32}$/;

/** `0123…`, `0123-…`, `{…}` and `urn:uuid:…` forms in any case → 32 lower-case hex digits; null if not a UUID. */
export function normalizeEventId(value: string): string | null {
  const hex = value.trim().toLowerCase().replace(/^urn:uuid:/, '').replace(/^\{(.*)\}$/, '$1');
  if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/.test(hex)) return null;
  const compact = hex.replace(/-/g, '');
  return HEX32.test(compact) ? compact : null;
}

/** Length in characters (code points), as the database and the reference count it. */
const tooLong = (text: string, max: number): boolean => text.length > max && [...text].length > max;

/**
 * The reference's report checks, first failure wins: comments and event id
 * present, (with the garbage filter on) not empty and not Unreal's
 * unattended text, comments / name / email within the column limits, event
 * id a UUID. Comments are trimmed and the event id normalised on the way.
 * E-mail addresses are not checked for shape here.
 */
export function validateUserReport(input: UserReportInput, options: UserReportValidationOptions): UserReportValidation {
  const invalid = (reason: UserReportInvalidReason): UserReportValidation => ({ valid: false, reason, display: USER_REPORT_INVALID_REASONS[reason] });
  if (input.comments === undefined || input.comments === null) return invalid('missing_comments');
  if (input.eventId === undefined || input.eventId === null) return invalid('missing_event_id');
  const comments = input.comments.trim();
  const name = input.name ?? '';
  const email = input.email ?? '';
  if (options.filterGarbageMessages) {
    if (comments === '') return invalid('empty');
    if (comments === UNREAL_FEEDBACK_UNATTENDED_MESSAGE) return invalid('unreal.unattended');
  }
  if (tooLong(comments, USER_REPORT_MAX_LENGTH.comments)) return invalid('too_large.message');
  if (tooLong(name, USER_REPORT_MAX_LENGTH.name)) return invalid('too_large.name');
  if (tooLong(email, USER_REPORT_MAX_LENGTH.email)) return invalid('too_large.email');
  const eventId = normalizeEventId(input.eventId);
  if (eventId === null) return invalid('invalid_event_id');
  return {
    valid: true,
    report: {
      projectId: input.projectId,
      eventId,
      groupId: input.groupId ?? null,
      environmentId: input.environmentId ?? null,
      name,
      email,
      comments,
      dateAdded: input.submittedAt,
    },
  };
}

export type UserReportResult =
  | { readonly kind: 'saved'; readonly id: number }
  | { readonly kind: 'overwritten'; readonly id: number }
  | { readonly kind: 'unchanged'; readonly id: number }
  | { readonly kind: 'conflict'; readonly id: number }
  | { readonly kind: 'invalid'; readonly reason: UserReportInvalidReason; readonly display: string }
  | { readonly kind: 'failed'; readonly error: Error };

export interface SaveUserReportsOptions extends UserReportValidationOptions {
  readonly now: Date;
}

/**
 * save_userreport for a batch (validation, lower-cased id, insert, overwrite
 * of a report for the same event added within the last five minutes, conflict
 * otherwise), one result per input in order:
 * - `saved`: a new report; `overwritten`: replaced a recent one's name, email and comments;
 * - `unchanged`: exactly this report is stored already (a redelivery);
 * - `conflict`: an older report for the event exists and was kept;
 * - `invalid`: refused by validation, nothing written;
 * - `failed`: the database refused this report (the others were written).
 * Transient database errors are thrown, so the caller retries the batch.
 *
 * Not done here: looking the event up (refusing reports on events older than
 * 30 minutes, filling group and environment from it) is `submitUserReports`'s
 * job, and turning a report about a stored event into a feedback issue is
 * `sendUserReportFeedback`'s (see `shouldShimToFeedback`).
 */
export async function saveUserReports(
  store: Pick<UserReportStore, 'save'>,
  inputs: readonly UserReportInput[],
  options: SaveUserReportsOptions,
): Promise<UserReportResult[]> {
  const checked = inputs.map((input) => validateUserReport(input, options));
  const valid: { index: number; report: NewUserReport }[] = [];
  checked.forEach((c, index) => {
    if (c.valid) valid.push({ index, report: c.report });
  });
  const overwriteAddedSince = new Date(options.now.getTime() - USER_REPORT_OVERWRITE_WINDOW_MS);
  const writes = await store.save(valid.map((v) => v.report), { overwriteAddedSince });
  const results: UserReportResult[] = checked.map((c) =>
    c.valid ? { kind: 'failed', error: new Error('not written') } : { kind: 'invalid', reason: c.reason, display: c.display },
  );
  valid.forEach(({ index }, i) => {
    const write = writes[i];
    if (!write) return;
    if (write.kind === 'failed') results[index] = write;
    else if (write.kind === 'inserted') results[index] = { kind: 'saved', id: write.id };
    else if (write.kind === 'updated') results[index] = { kind: 'overwritten', id: write.id };
    else if (write.kind === 'unchanged') results[index] = { kind: 'unchanged', id: write.id };
    else results[index] = { kind: 'conflict', id: write.id };
  });
  return results;
}

/**
 * The outcome a report's result calls for: INVALID (category feedback) with
 * the display reason for a refused report or a duplicate, nothing otherwise.
 * The outcome has no event id: the report's event id belongs to the error
 * event it is about, not to the report.
 */
export function userReportOutcome(result: UserReportResult, where: { orgId: number; projectId: number; at: Date }): OutcomeFields | null {
  const reason = result.kind === 'invalid' ? result.display : result.kind === 'conflict' ? DUPLICATE_USER_REPORT.display : null;
  if (reason === null) return null;
  return { at: where.at, orgId: where.orgId, projectId: where.projectId, outcome: Outcome.INVALID, reason, eventId: null };
}
