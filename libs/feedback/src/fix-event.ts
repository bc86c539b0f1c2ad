import type { JsonObject, JsonValue } from '@issuestream/schemas';
import { feedbackContext } from './filters';

const asObject = (value: unknown): JsonObject | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
const truthy = (value: unknown): boolean => value !== undefined && value !== null && value !== '' && value !== false && value !== 0;

/** Event timestamps arrive as Unix seconds (fractional) or as ISO strings; anything else is "now". */
export function eventTime(value: unknown, now: Date): Date {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000);
  if (typeof value === 'string' && value !== '') {
    const numeric = Number(value);
    if (Number.isFinite(numeric)) return new Date(numeric * 1000);
    const parsed = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  return now;
}

/** Tags as an object: `[[key, value], …]` pairs converted, objects copied, anything else empty. */
export function tagsAsObject(tags: unknown): JsonObject {
  const out: JsonObject = {};
  if (Array.isArray(tags)) {
    for (const pair of tags) {
      if (Array.isArray(pair) && pair.length >= 2 && typeof pair[0] === 'string') out[pair[0]] = pair[1] === null || pair[1] === undefined ? null : String(pair[1]);
    }
    return out;
  }
  const object = asObject(tags);
  return object ? { ...object } : out;
}

export interface FixOptions {
  projectId: number;
  eventId: string;
  now: Date;
}

/**
 * The event as stored with the feedback issue: a new object with only the
 * keys the issue platform needs (everything else, e.g. breadcrumbs and extra,
 * is dropped), defaults filled in, user email taken from the feedback's
 * contact email, tags as an object, replay context filled from
 * `contexts.feedback.replay_id`, and `logentry` set to the message.
 */
export function fixForIssuePlatform(event: JsonObject, options: FixOptions): JsonObject {
  const feedback = feedbackContext(event) ?? {};
  const fixed: JsonObject = {
    timestamp: eventTime(event['timestamp'], options.now).toISOString(),
    received: options.now.toISOString(),
    project_id: options.projectId,
    event_id: options.eventId,
  };
  const contexts: JsonObject = { ...(asObject(event['contexts']) ?? {}) };
  const replay = asObject(contexts['replay']);
  if ((replay === undefined || Object.keys(replay).length === 0) && truthy(feedback['replay_id'])) contexts['replay'] = { replay_id: feedback['replay_id'] as JsonValue };
  fixed['contexts'] = contexts;
  fixed['platform'] = typeof event['platform'] === 'string' && event['platform'] !== '' ? event['platform'] : 'other';
  fixed['level'] = typeof event['level'] === 'string' && event['level'] !== '' ? event['level'] : 'info';
  fixed['environment'] = truthy(event['environment']) ? (event['environment'] as JsonValue) : 'production';
  if (truthy(event['release'])) fixed['release'] = event['release'] as JsonValue;
  if (truthy(event['sdk'])) fixed['sdk'] = event['sdk'] as JsonValue;
  fixed['request'] = asObject(event['request']) ?? {};
  const user: JsonObject = { ...(asObject(event['user']) ?? {}) };
  delete user['name'];
  delete user['isStaff'];
  if (user['id'] !== undefined && user['id'] !== null) user['id'] = String(user['id']);
  if (!('email' in user)) user['email'] = typeof feedback['contact_email'] === 'string' ? feedback['contact_email'] : '';
  fixed['user'] = user;
  fixed['tags'] = tagsAsObject(event['tags']);
  fixed['logentry'] = { message: (feedback['message'] ?? null) as JsonValue };
  return fixed;
}

/** Tags the reference adds after fixing: user.email, associated_event_id with has_linked_error, release. */
export function addFeedbackTags(fixed: JsonObject): JsonObject {
  const tags: JsonObject = { ...(asObject(fixed['tags']) ?? {}) };
  const feedback = feedbackContext(fixed) ?? {};
  const email = asObject(fixed['user'])?.['email'];
  if (truthy(email) && !('user.email' in tags)) tags['user.email'] = String(email);
  const associated = feedback['associated_event_id'];
  if (truthy(associated)) tags['associated_event_id'] = String(associated);
  tags['has_linked_error'] = truthy(associated) ? 'true' : 'false';
  if (truthy(fixed['release'])) tags['release'] = String(fixed['release']);
  return { ...fixed, tags };
}
