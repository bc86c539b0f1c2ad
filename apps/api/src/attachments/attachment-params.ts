import { normalizeEventId } from '@issuestream/feedback';

/** A refused request parameter: the 400 body names it. */
export interface ParamError {
  readonly field: string;
  readonly detail: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ParamError };

const refuse = (field: string, detail: string): { ok: false; error: ParamError } => ({ ok: false, error: { field, detail: `${field}: ${detail}` } });

/** Longest `query` accepted: a file-name search, not a document. */
export const MAX_QUERY_LENGTH = 200;
export const MAX_PER_PAGE = 100;

export function parseEventId(value: string): Parsed<string> {
  const eventId = normalizeEventId(value);
  return eventId === null ? refuse('event_id', 'not an event id (32 hex digits or a UUID)') : { ok: true, value: eventId };
}

export function parseAttachmentId(value: string): Parsed<number> {
  if (!/^[1-9][0-9]{0,15}$/.test(value) || !Number.isSafeInteger(Number(value))) return refuse('attachment_id', 'not an attachment id (a positive integer)');
  return { ok: true, value: Number(value) };
}

export interface ListQuery {
  /** Case-insensitive part of the name; `is:screenshot` means names containing "screenshot". */
  readonly nameContains: string | null;
  readonly offset: number;
  readonly limit: number;
}

/**
 * The list's query string: `query` (free text → name contains it,
 * `is:screenshot` → name contains "screenshot"), `per_page` (1–100, default
 * 100) and `cursor` (`<per_page>:<offset>:0`, as the Link header gives it).
 */
export function parseListQuery(query: Readonly<Record<string, string | undefined>>): Parsed<ListQuery> {
  const text = (query['query'] ?? '').trim();
  if (text.length > MAX_QUERY_LENGTH) return refuse('query', `longer than ${MAX_QUERY_LENGTH} characters`);
  let limit = MAX_PER_PAGE;
  if (query['per_page'] !== undefined) {
    if (!/^[0-9]{1,3}$/.test(query['per_page']) || Number(query['per_page']) < 1 || Number(query['per_page']) > MAX_PER_PAGE) {
      return refuse('per_page', `an integer from 1 to ${MAX_PER_PAGE}`);
    }
    limit = Number(query['per_page']);
  }
  let offset = 0;
  if (query['cursor'] !== undefined) {
    const match = /^[0-9]{1,3}:([0-9]{1,9}):[01]$/.exec(query['cursor']);
    if (!match?.[1]) return refuse('cursor', 'expected <per_page>:<offset>:0 as in the Link header');
    offset = Number(match[1]);
  }
  const nameContains = text === '' ? null : text.toLowerCase() === 'is:screenshot' ? 'screenshot' : text;
  return { ok: true, value: { nameContains, offset, limit } };
}
