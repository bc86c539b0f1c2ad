import { defaultGroupTypeRegistry, GroupCategory, GroupStatus, type GroupCategoryName } from '@issuestream/issue-platform';
import { decodeCursor, type StreamCursor } from './cursor';
import { InvalidIssueRequest } from './invalid-request';

/** The issue stream request, as the reference's issues endpoint reads it (the subset the feedback UI sends). */
export interface IssueSearchRequest {
  /** Group types to list; empty: every type. */
  types: number[];
  /** Statuses to list; empty: every status. */
  statuses: number[];
  /** Free-text terms, each matched in the title or the message. */
  terms: string[];
  /** Project ids asked for; empty: every project of the organisation. */
  projectIds: number[];
  environments: string[];
  /** Epoch ms, start inclusive, end exclusive. */
  start: number;
  end: number;
  limit: number;
  cursor: StreamCursor | null;
}

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
/** Without statsPeriod or start/end the stream covers the last 14 days, as the reference's issue search. */
export const DEFAULT_PERIOD_MS = 14 * 86_400_000;

const MAILBOXES: Readonly<Record<string, number>> = {
  unresolved: GroupStatus.UNRESOLVED,
  resolved: GroupStatus.RESOLVED,
  ignored: GroupStatus.IGNORED,
  // The feedback UI's names for the ignored mailbox.
  spam: GroupStatus.IGNORED,
  archived: GroupStatus.IGNORED,
  muted: GroupStatus.IGNORED,
};

const PERIOD_UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

type Params = Readonly<Record<string, string | string[] | undefined>>;

const all = (params: Params, name: string): string[] => {
  const value = params[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};
const one = (params: Params, name: string): string | undefined => {
  const values = all(params, name);
  return values[values.length - 1];
};

/** `key:value`, `key:"quoted value"`, `"quoted text"` and bare words. */
function tokenize(query: string): { key: string | null; value: string }[] {
  const tokens: { key: string | null; value: string }[] = [];
  const pattern = /(?:([\w.]+):)?(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  for (let match = pattern.exec(query); match; match = pattern.exec(query)) {
    const value = (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');
    tokens.push({ key: match[1] ?? null, value });
  }
  return tokens;
}

function listValues(value: string): string[] {
  const inner = /^\[(.*)\]$/.exec(value)?.[1];
  return (inner === undefined ? [value] : inner.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function categoryTypes(name: string): number[] {
  const category = GroupCategory[name.toUpperCase() as GroupCategoryName] as GroupCategory | undefined;
  if (category === undefined) throw new InvalidIssueRequest('query', `unknown issue.category "${name}"`);
  return defaultGroupTypeRegistry.getByCategory(category);
}

function parseSearch(query: string): Pick<IssueSearchRequest, 'types' | 'statuses' | 'terms'> {
  const types = new Set<number>();
  const statuses = new Set<number>();
  const terms: string[] = [];
  for (const { key, value } of tokenize(query)) {
    if (key === null) {
      if (value !== '') terms.push(value);
      continue;
    }
    switch (key) {
      case 'issue.category':
        for (const name of listValues(value)) for (const type of categoryTypes(name)) types.add(type);
        break;
      case 'status':
      case 'is':
        for (const name of listValues(value)) {
          const status = MAILBOXES[name.toLowerCase()];
          if (status === undefined) throw new InvalidIssueRequest('query', `unknown ${key} "${name}" (unresolved, resolved, ignored or spam)`);
          statuses.add(status);
        }
        break;
      default:
        throw new InvalidIssueRequest('query', `unsupported search key "${key}"`);
    }
  }
  return { types: [...types], statuses: [...statuses], terms };
}

function parseTime(field: string, text: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  if (!Number.isFinite(ms)) throw new InvalidIssueRequest(field, `not a date: "${text}"`);
  return ms;
}

function parseRange(params: Params, now: number): { start: number; end: number } {
  const period = one(params, 'statsPeriod');
  const start = one(params, 'start');
  const end = one(params, 'end');
  if (period !== undefined && period !== '') {
    const match = /^(\d+)([smhdw])?$/.exec(period);
    if (!match) throw new InvalidIssueRequest('statsPeriod', `expected a number and a unit (s, m, h, d, w), e.g. 14d, got "${period}"`);
    return { start: now - Number(match[1]) * (PERIOD_UNITS[match[2] ?? 's'] ?? 1000), end: now + 1 };
  }
  if (start !== undefined || end !== undefined) {
    if (start === undefined || end === undefined) throw new InvalidIssueRequest(start === undefined ? 'start' : 'end', 'start and end go together');
    const range = { start: parseTime('start', start), end: parseTime('end', end) };
    if (range.start >= range.end) throw new InvalidIssueRequest('start', 'must be before end');
    return range;
  }
  return { start: now - DEFAULT_PERIOD_MS, end: now + 1 };
}

function parseProjects(params: Params): number[] {
  const ids = all(params, 'project').flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  const numbers = ids.map((v) => {
    if (!/^-?\d+$/.test(v)) throw new InvalidIssueRequest('project', `not a project id: "${v}"`);
    return Number(v);
  });
  // -1 is the UI's "all projects".
  return numbers.includes(-1) ? [] : [...new Set(numbers)];
}

function parseLimit(params: Params): number {
  const text = one(params, 'limit');
  if (text === undefined || text === '') return DEFAULT_LIMIT;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidIssueRequest('limit', `a positive integer, got "${text}"`);
  return Math.min(limit, MAX_LIMIT);
}

/** Reads the issue stream's query parameters; throws InvalidIssueRequest naming the first bad one. */
export function parseIssueSearch(params: Params, now: number): IssueSearchRequest {
  const search = parseSearch(one(params, 'query') ?? '');
  const cursorText = one(params, 'cursor');
  return {
    ...search,
    projectIds: parseProjects(params),
    environments: all(params, 'environment').filter((e) => e !== ''),
    ...parseRange(params, now),
    limit: parseLimit(params),
    cursor: cursorText ? decodeCursor(cursorText) : null,
  };
}
