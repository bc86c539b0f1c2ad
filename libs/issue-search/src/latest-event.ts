import type { EventAttachmentStore } from '@issuestream/attachments-data';
import { filterIssues, getNodes, storedErrorEvents } from '@issuestream/issues-data';
import { eventNodeId } from '@issuestream/issue-platform';
import type { UserReportStore } from '@issuestream/user-reports-data';
import type { Pool } from 'pg';
import type { Viewer } from './issue-search';
import type { IssueStreamReader } from './issue-stream-reader';

export interface LatestEventDeps {
  pool: Pool;
  stream: IssueStreamReader;
  attachments: Pick<EventAttachmentStore, 'listByEvent'>;
  userReports: Pick<UserReportStore, 'find'>;
}

type Json = Record<string, unknown>;

const objectAt = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});

/** Tags as the reference's event serializer lists them. */
function tagList(tags: unknown): { key: string; value: string }[] {
  if (Array.isArray(tags)) return tags.filter((t): t is [string, unknown] => Array.isArray(t) && typeof t[0] === 'string').map(([key, value]) => ({ key, value: String(value) }));
  return Object.entries(objectAt(tags)).map(([key, value]) => ({ key, value: String(value) }));
}

/**
 * The issue's newest event as stored (nodestore), shaped like the reference's
 * event serializer, with its attachments, the user report about it (or about
 * the error a feedback refers to) and the linked error's issue. Undefined when
 * the issue is not the viewer's or its event is not stored.
 */
export async function latestEvent(deps: LatestEventDeps, viewer: Viewer, issueId: number): Promise<Json | undefined> {
  const [issue] = await filterIssues(deps.pool, [issueId], { projectIds: viewer.projects.map((p) => p.id), types: [], statuses: [] });
  if (!issue) return undefined;
  const occurrence = (await deps.stream.latest([issue.projectId], [issue.id])).get(issue.id);
  if (!occurrence) return undefined;
  const { projectId, eventId } = occurrence;
  const event = objectAt((await getNodes(deps.pool, [eventNodeId(projectId, eventId)])).get(eventNodeId(projectId, eventId)));
  const contexts = objectAt(event['contexts']);
  const feedback = objectAt(contexts['feedback']);
  const associated = typeof feedback['associated_event_id'] === 'string' ? feedback['associated_event_id'].replace(/-/g, '').toLowerCase() : null;
  const [attachments, reports, errors] = await Promise.all([
    deps.attachments.listByEvent(projectId, eventId),
    deps.userReports.find([{ projectId, eventId }, ...(associated ? [{ projectId, eventId: associated }] : [])]),
    associated ? storedErrorEvents(deps.pool, [{ projectId, eventId: associated }]) : Promise.resolve(new Map()),
  ]);
  const report = reports.get(`${projectId}:${eventId}`) ?? (associated ? reports.get(`${projectId}:${associated}`) : undefined);
  const linked = associated ? errors.get(`${projectId}:${associated}`) : undefined;
  const timestamp = typeof event['timestamp'] === 'number' ? new Date(event['timestamp'] * 1000).toISOString() : new Date(occurrence.detectionTime).toISOString();
  return {
    id: eventId,
    eventID: eventId,
    groupID: String(issue.id),
    projectID: String(projectId),
    title: issue.title,
    message: typeof feedback['message'] === 'string' ? feedback['message'] : (event['message'] ?? ''),
    platform: event['platform'] ?? issue.platform,
    type: event['type'] ?? 'generic',
    dateCreated: timestamp,
    dateReceived: typeof event['received'] === 'number' ? new Date(event['received'] * 1000).toISOString() : timestamp,
    environment: occurrence.environment || null,
    release: occurrence.release || null,
    tags: tagList(event['tags']),
    contexts,
    user: event['user'] ?? null,
    sdk: event['sdk'] ?? null,
    request: event['request'] ?? null,
    occurrence: { id: null, eventId, evidenceData: occurrence.evidenceData },
    attachments: attachments.map((a) => ({
      id: String(a.id), name: a.name, type: a.type, mimetype: a.contentType, size: a.size, sha1: a.sha1, dateCreated: a.dateAdded.toISOString(),
    })),
    userReport: report
      ? { id: String(report.id), eventID: report.eventId, name: report.name, email: report.email, comments: report.comments, dateCreated: report.dateAdded.toISOString() }
      : null,
    linkedError: associated ? { eventID: associated, groupID: linked ? String(linked.groupId) : null } : null,
  };
}
