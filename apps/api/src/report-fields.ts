import { USER_REPORT_MAX_LENGTH } from '@issuestream/feedback';

export type FieldErrors = Record<string, string[]>;

interface FieldRule {
  readonly maxLength: number;
  readonly email?: boolean;
}

/** The reference checks e-mail shape only at the HTTP edge; this is a plain local@domain.tld test. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const REPORT_FIELDS: Record<'name' | 'email' | 'comments', FieldRule> = {
  name: { maxLength: USER_REPORT_MAX_LENGTH.name },
  email: { maxLength: USER_REPORT_MAX_LENGTH.email, email: true },
  comments: { maxLength: USER_REPORT_MAX_LENGTH.comments },
};

/** The user-feedback endpoint also takes the event id in the body, as 32 characters at most (so a dashed UUID is refused). */
const EVENT_ID_FIELD: FieldRule = { maxLength: 32 };

function fieldError(value: unknown, rule: FieldRule): string | null {
  if (value === undefined || value === null) return 'This field is required.';
  if (typeof value !== 'string') return 'Not a valid string.';
  if (value.trim() === '') return 'This field may not be blank.';
  if ([...value].length > rule.maxLength) return `Ensure this field has no more than ${rule.maxLength} characters.`;
  if (rule.email && !EMAIL.test(value.trim())) return 'Enter a valid email address.';
  return null;
}

export type ReportBody = { name: string; email: string; comments: string };

/**
 * Required, non-blank strings within the report columns' lengths, e-mail
 * shaped: every failing field is named with its message, as the reference's
 * serializer and form answer.
 */
export function checkReportBody(body: Readonly<Record<string, unknown>>, withEventId: true): { ok: true; body: ReportBody & { event_id: string } } | { ok: false; errors: FieldErrors };
export function checkReportBody(body: Readonly<Record<string, unknown>>, withEventId: false): { ok: true; body: ReportBody } | { ok: false; errors: FieldErrors };
export function checkReportBody(body: Readonly<Record<string, unknown>>, withEventId: boolean): { ok: true; body: Record<string, string> } | { ok: false; errors: FieldErrors } {
  const rules: Record<string, FieldRule> = withEventId ? { ...REPORT_FIELDS, event_id: EVENT_ID_FIELD } : REPORT_FIELDS;
  const errors: FieldErrors = {};
  const values: Record<string, string> = {};
  for (const [field, rule] of Object.entries(rules)) {
    const value = body[field];
    const error = fieldError(value, rule);
    if (error) errors[field] = [error];
    else values[field] = (value as string).trim();
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, body: values };
}
