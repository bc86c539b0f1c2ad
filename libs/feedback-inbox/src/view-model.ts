/** One feedback as the inbox list shows it, read from the issue serializer's JSON. */
export interface InboxItem {
  id: string;
  message: string;
  name: string;
  email: string;
  project: string;
  lastSeen: string;
  unread: boolean;
  hasScreenshot: boolean;
  linkedErrorEventId: string | null;
  status: string;
}

/** The selected feedback's detail, from the latest-event JSON. */
export interface InboxDetail {
  item: InboxItem;
  url: string | null;
  replayId: string | null;
  browser: string | null;
  os: string | null;
  tags: { key: string; value: string }[];
  screenshots: { id: string; projectId: string; name: string }[];
  linkedError: { eventId: string; groupId: string | null } | null;
}

type Json = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const object = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});

export function inboxItem(issue: Json): InboxItem {
  const metadata = object(issue['metadata']);
  const project = object(issue['project']);
  const linked = text(metadata['associated_event_id']);
  return {
    id: text(issue['id']),
    message: text(metadata['message']) || text(metadata['value']) || text(issue['title']),
    name: text(metadata['name']),
    email: text(metadata['contact_email']),
    project: text(project['slug']),
    lastSeen: text(issue['lastSeen']),
    unread: issue['hasSeen'] !== true,
    hasScreenshot: issue['latestEventHasAttachments'] === true,
    linkedErrorEventId: linked || null,
    status: text(issue['status']),
  };
}

/** `Chrome 120.0` from a browser or os context. */
const described = (context: Json): string | null => [text(context['name']), text(context['version'])].filter((p) => p !== '').join(' ') || null;
const tagValue = (tags: { key: string; value: string }[], key: string): string | null => tags.find((t) => t.key === key)?.value ?? null;

/** The raw User-Agent when nothing parsed it into contexts (Relay does; SDK events without it carry only the header). */
function userAgent(event: Json | undefined): string | null {
  const headers = object(object(event?.['request'])['headers']);
  const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === 'user-agent');
  return entry ? text(entry[1]) || null : null;
}

export function inboxDetail(issue: Json, event: Json | undefined): InboxDetail {
  const contexts = object(event?.['contexts']);
  const feedback = object(contexts['feedback']);
  const attachments = Array.isArray(event?.['attachments']) ? (event['attachments'] as unknown[]).map(object) : [];
  const tags: { key: string; value: string }[] = Array.isArray(event?.['tags']) ? (event['tags'] as unknown[]).map(object).map((t) => ({ key: text(t['key']), value: text(t['value']) })) : [];
  const linked = object(event?.['linkedError']);
  return {
    item: inboxItem(issue),
    url: text(feedback['url']) || null,
    replayId: text(feedback['replay_id']) || null,
    browser: described(object(contexts['browser'])) ?? tagValue(tags, 'browser') ?? userAgent(event),
    os: described(object(contexts['os'])) ?? tagValue(tags, 'os'),
    tags,
    screenshots: attachments
      .filter((a) => text(a['mimetype']).startsWith('image/'))
      .map((a) => ({ id: text(a['id']), projectId: text(event?.['projectID']), name: text(a['name']) })),
    linkedError: text(linked['eventID']) ? { eventId: text(linked['eventID']), groupId: text(linked['groupID']) || null } : null,
  };
}
