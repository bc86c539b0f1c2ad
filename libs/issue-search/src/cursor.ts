import type { IssueStreamKey } from '@issuestream/issues-data';
import { InvalidIssueRequest } from './invalid-request';

/** A page boundary: the stream continues after this key. */
export interface StreamCursor {
  key: IssueStreamKey;
}

/**
 * `<last seen ms>:<group id>:0`, the reference's three-part cursor shape
 * (value, offset, is_prev) with the group id in the middle to break ties.
 * Pages only go forward (the feedback UI scrolls on), so is_prev is always 0.
 */
export const encodeCursor = (cursor: StreamCursor): string => `${cursor.key.lastSeen}:${cursor.key.groupId}:0`;

export function decodeCursor(text: string): StreamCursor {
  const match = /^(\d+):(\d+):0$/.exec(text);
  if (!match) throw new InvalidIssueRequest('cursor', `not a cursor this endpoint issued: "${text}"`);
  return { key: { lastSeen: Number(match[1]), groupId: Number(match[2]) } };
}

/**
 * The reference's `Link` header: a `previous` and a `next` link, each with
 * `results` saying whether following it returns anything, and the cursor.
 */
export function linkHeader(url: URL, previous: { cursor: string; results: boolean }, next: { cursor: string; results: boolean }): string {
  const link = (rel: string, page: { cursor: string; results: boolean }) => {
    const target = new URL(url);
    target.searchParams.set('cursor', page.cursor);
    return `<${target.toString()}>; rel="${rel}"; results="${page.results}"; cursor="${page.cursor}"`;
  };
  return `${link('previous', previous)}, ${link('next', next)}`;
}
