import type { IssueState, LatestOccurrence } from '@issuestream/issues-data';
import {
  defaultGroupTypeRegistry, GROUP_STATUS_STRINGS, GROUP_SUBSTATUS_STRINGS, groupCategoryName, LOG_LEVELS, priorityToString,
  type GroupStatus, type GroupSubStatus,
} from '@issuestream/issue-platform';
import type { ProjectInfo } from '@issuestream/storage';

/** What a page adds to each issue beyond its row: its project, newest occurrence, the viewer's seen state, attachments. */
export interface IssueContext {
  project: ProjectInfo | undefined;
  latest: LatestOccurrence | undefined;
  hasSeen: boolean;
  latestEventHasAttachments: boolean;
}

/** The feedback fields the reference copies from the occurrence's evidence into the issue's metadata. */
const FEEDBACK_METADATA = ['message', 'name', 'contact_email', 'source', 'associated_event_id', 'summary'] as const;

const LEVEL_NAMES = new Map<number, string>(Object.entries(LOG_LEVELS).map(([name, value]) => [value, name]));

function typeInfo(typeId: number): { issueType: string; issueCategory: string } {
  try {
    const type = defaultGroupTypeRegistry.getByTypeId(typeId);
    return { issueType: type.slug, issueCategory: (groupCategoryName(type.category) ?? 'unknown').toLowerCase() };
  } catch {
    // Types registered by other services through the shared registry are not in this process's default registry.
    return { issueType: 'unknown', issueCategory: 'unknown' };
  }
}

/** The reference's issue serializer, with the fields the issue stream and the feedback UI read. */
export function serializeIssue(issue: IssueState, context: IssueContext): Record<string, unknown> {
  const project = context.project;
  const metadata: Record<string, unknown> = { ...issue.metadata };
  const evidence = context.latest?.evidenceData ?? {};
  for (const key of FEEDBACK_METADATA) if (evidence[key] !== undefined && metadata[key] === undefined) metadata[key] = evidence[key];
  const { issueType, issueCategory } = typeInfo(issue.type);
  return {
    id: String(issue.id),
    shortId: `${(project?.slug ?? 'project').toUpperCase()}-${issue.id}`,
    title: issue.title,
    culprit: issue.culprit,
    permalink: null,
    logger: null,
    level: LEVEL_NAMES.get(issue.level ?? 20) ?? 'info',
    status: GROUP_STATUS_STRINGS[issue.status as GroupStatus] ?? 'unresolved',
    statusDetails: {},
    substatus: issue.substatus === null ? null : (GROUP_SUBSTATUS_STRINGS[issue.substatus as GroupSubStatus] ?? null),
    isPublic: false,
    platform: issue.platform,
    project: project ? { id: String(project.id), name: project.slug, slug: project.slug, platform: project.platform } : { id: String(issue.projectId) },
    type: 'generic',
    metadata,
    numComments: 0,
    assignedTo: null,
    isBookmarked: false,
    isSubscribed: false,
    subscriptionDetails: null,
    hasSeen: context.hasSeen,
    annotations: [],
    issueType,
    issueCategory,
    priority: issue.priority === null ? null : (priorityToString(issue.priority) ?? null),
    isUnhandled: false,
    count: String(issue.timesSeen),
    userCount: 0,
    firstSeen: issue.firstSeen.toISOString(),
    lastSeen: issue.lastSeen.toISOString(),
    latestEventHasAttachments: context.latestEventHasAttachments,
    latestEventId: context.latest?.eventId ?? null,
    environment: context.latest?.environment || null,
    tags: context.latest?.tags ?? {},
  };
}
