import { eventsWithAttachments } from '@issuestream/attachments-data';
import { filterIssues, issueCandidates, seenIssues, type IssueState, type IssueStreamKey, type IssueStreamQuery } from '@issuestream/issues-data';
import type { ProjectInfo } from '@issuestream/storage';
import type { Pool } from 'pg';
import { encodeCursor } from './cursor';
import type { IssueSearchRequest } from './issue-query';
import { serializeIssue } from './issue-serializer';
import { InvalidIssueRequest } from './invalid-request';
import type { IssueStreamReader } from './issue-stream-reader';

/** A status filter matching at most this many issues is applied first (Postgres), a wider one after ClickHouse ranked. */
export const MAX_STATUS_CANDIDATES = 5000;
/** Most issues read from ClickHouse per round when the status is checked afterwards; each round grows it fourfold. */
const FIRST_CHUNK = 100;

export interface IssuePage {
  issues: Record<string, unknown>[];
  /** The cursor of the next page, and whether it has anything. */
  next: { cursor: string; results: boolean };
}

export interface IssueSearchDeps {
  pool: Pool;
  stream: IssueStreamReader;
}

/** Whose unread markers and which organisation's projects a request sees. */
export interface Viewer {
  viewerId: number;
  projects: readonly ProjectInfo[];
}

/**
 * The issue stream: ClickHouse `search_issues` ranks issues (time range,
 * environment, free text, newest last-seen first) and Postgres holds their
 * state (status). A status filter that matches few issues is resolved in
 * Postgres first and handed to ClickHouse as a list of ids; otherwise
 * ClickHouse ranks in growing chunks and Postgres keeps the matching ones
 * (one query per chunk), until the page is full — the reference's split.
 */
export class IssueSearch {
  constructor(private readonly deps: IssueSearchDeps) {}

  async search(viewer: Viewer, request: IssueSearchRequest): Promise<IssuePage> {
    const projectIds = this.projectScope(viewer, request.projectIds);
    const query: IssueStreamQuery = {
      projectIds, types: request.types, start: request.start, end: request.end, environments: request.environments, terms: request.terms,
    };
    const filter = { projectIds, types: request.types, statuses: request.statuses };
    const want = request.limit + 1;
    let found: { key: IssueStreamKey; issue: IssueState }[] = [];
    let exhausted = false;
    const candidates = request.statuses.length > 0 ? await issueCandidates(this.deps.pool, filter, MAX_STATUS_CANDIDATES) : null;
    if (candidates !== null) {
      const ranked = await this.deps.stream.rank({ ...query, groupIds: candidates }, request.cursor?.key ?? null, want);
      found = await this.withState(ranked.issues, filter);
      exhausted = ranked.exhausted;
    } else {
      let after = request.cursor?.key ?? null;
      for (let chunk = Math.max(FIRST_CHUNK, want); found.length < want; chunk *= 4) {
        const ranked = await this.deps.stream.rank(query, after, chunk);
        found.push(...(await this.withState(ranked.issues, filter)));
        after = ranked.issues[ranked.issues.length - 1] ?? after;
        if (ranked.exhausted) {
          exhausted = true;
          break;
        }
      }
    }
    const page = found.slice(0, request.limit);
    const last = page[page.length - 1];
    const times = page.map((p) => p.key.lastSeen);
    // Without text or environment filters each key is its issue's newest occurrence in the range: the page's
    // newest rows lie within these times, and ClickHouse reads just that slice.
    const narrow = request.types.length === 1 && request.terms.length === 0 && request.environments.length === 0 && page.length > 0;
    const window = narrow ? { type: request.types[0] ?? 0, from: Math.min(...times), to: Math.max(...times) } : undefined;
    return {
      issues: await this.serialize(viewer, page.map((p) => p.issue), window),
      next: { cursor: last ? encodeCursor({ key: last.key }) : (request.cursor ? encodeCursor(request.cursor) : '0:0:0'), results: found.length > request.limit || (!exhausted && page.length === request.limit) },
    };
  }

  /** One issue of the viewer's organisation, serialized; undefined when it is not theirs. */
  async get(viewer: Viewer, id: number): Promise<Record<string, unknown> | undefined> {
    const [issue] = await filterIssues(this.deps.pool, [id], { projectIds: viewer.projects.map((p) => p.id), types: [], statuses: [] });
    if (!issue) return undefined;
    return (await this.serialize(viewer, [issue]))[0];
  }

  /** The issues with their details, in the given order: one query each for occurrences, seen state and attachments. */
  async serialize(viewer: Viewer, issues: readonly IssueState[], window?: { type: number; from: number; to: number }): Promise<Record<string, unknown>[]> {
    if (issues.length === 0) return [];
    const ids = issues.map((i) => i.id);
    const projects = new Map(viewer.projects.map((p) => [p.id, p]));
    const [latest, seen] = await Promise.all([
      this.deps.stream.latest([...new Set(issues.map((i) => i.projectId))], ids, window),
      seenIssues(this.deps.pool, viewer.viewerId, ids),
    ]);
    const events = [...latest.values()].map((o) => ({ projectId: o.projectId, eventId: o.eventId }));
    const withAttachments = await eventsWithAttachments(this.deps.pool, events);
    return issues.map((issue) => {
      const occurrence = latest.get(issue.id);
      return serializeIssue(issue, {
        project: projects.get(issue.projectId),
        latest: occurrence,
        hasSeen: seen.has(issue.id),
        latestEventHasAttachments: occurrence ? withAttachments.has(`${occurrence.projectId}:${occurrence.eventId}`) : false,
      });
    });
  }

  private projectScope(viewer: Viewer, requested: readonly number[]): number[] {
    const own = viewer.projects.map((p) => p.id);
    if (requested.length === 0) return own;
    const foreign = requested.find((id) => !own.includes(id));
    if (foreign !== undefined) throw new InvalidIssueRequest('project', `no project ${foreign} in this organization`);
    return [...requested];
  }

  /** The ranked issues that pass the Postgres filter, in rank order. */
  private async withState(keys: readonly IssueStreamKey[], filter: Parameters<typeof filterIssues>[2]): Promise<{ key: IssueStreamKey; issue: IssueState }[]> {
    const issues = new Map((await filterIssues(this.deps.pool, keys.map((k) => k.groupId), filter)).map((i) => [i.id, i]));
    return keys.flatMap((key) => {
      const issue = issues.get(key.groupId);
      return issue ? [{ key, issue }] : [];
    });
  }
}
