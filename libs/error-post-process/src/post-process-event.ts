import { errorReplayId, normalizeUuid } from '@issuestream/errors';
import type { Events, JsonObject, JsonValue } from '@issuestream/schemas';

/** What the error's copy on a shimmed feedback needs from it (kept small so a deferred step can store it). */
export interface EventSummary {
  readonly platform: string;
  readonly level: string;
  /** '' when the event names none (the reference's "no environment"). */
  readonly environment: string;
  /** Event time, seconds since the epoch. */
  readonly timestamp: number;
  readonly tags: readonly (readonly [string, string])[];
  readonly user: JsonObject | null;
  /** `contexts.replay` as sent, when it carries a replay id. */
  readonly replayContext: JsonObject | null;
  /** `contexts.trace` as sent, when it carries a trace id. */
  readonly traceContext: JsonObject | null;
}

export type EventKind = 'error' | 'transaction' | 'other';

/** One eventstream insert, reduced to what the errors post-process steps read. */
export interface PostProcessEvent extends EventSummary {
  readonly projectId: number;
  readonly organizationId: number | null;
  /** 32 lower-case hex digits. */
  readonly eventId: string;
  readonly groupId: number;
  readonly kind: EventKind;
  /** The event created its issue (the insert's state). */
  readonly isNew: boolean;
  /** The event reopened its resolved issue. */
  readonly isRegression: boolean;
  /** The issue title the event was grouped with (data.title), else its search message. */
  readonly title: string;
  /** The event was reprocessed (it carries `contexts.reprocessing.original_issue_id`). */
  readonly isReprocessed: boolean;
  /** Replay id as 32 lower-case hex digits: `contexts.replay.replay_id`, else the `replayId` tag; null when absent or not a UUID. */
  readonly replayId: string | null;
  /** The event carries feature flags (`contexts.flags.values` not empty). */
  readonly hasFlags: boolean;
}

const objectAt = (value: JsonValue | undefined): JsonObject | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;

const text = (value: JsonValue | undefined): string | null => (typeof value === 'string' ? value : null);

/** Tags as pairs, from either of the two shapes events carry (`[[k, v], …]` or `{k: v}`). */
export function tagPairs(tags: JsonValue | undefined): [string, string][] {
  if (Array.isArray(tags)) {
    return tags.flatMap((pair) => (Array.isArray(pair) && typeof pair[0] === 'string' && pair[1] !== undefined && pair[1] !== null ? [[pair[0], String(pair[1])] as [string, string]] : []));
  }
  const object = objectAt(tags);
  return object ? Object.entries(object).flatMap(([k, v]) => (v === null ? [] : [[k, String(v)] as [string, string]])) : [];
}

function kindOf(message: Events.EventsMessage, data: JsonObject): EventKind {
  if (message.state.queue === 'post_process_transactions' || data['type'] === 'transaction') return 'transaction';
  if (message.state.queue !== 'post_process_errors' || message.payload.occurrence_id !== null) return 'other';
  return 'error';
}

const hasFlagValues = (contexts: JsonObject | null): boolean => {
  const values = objectAt(contexts?.['flags'])?.['values'];
  return Array.isArray(values) ? values.length > 0 : values !== undefined && values !== null;
};

/** Seconds since the epoch of the payload's `datetime` (the event's own time), falling back to data.timestamp. */
function eventSeconds(message: Events.EventsMessage, data: JsonObject): number {
  const parsed = Date.parse(message.payload.datetime);
  if (Number.isFinite(parsed)) return parsed / 1000;
  const raw = data['timestamp'];
  return typeof raw === 'number' ? raw : 0;
}

/** The fields of an `events` insert the steps use. Pure. */
export function toPostProcessEvent(message: Events.EventsMessage): PostProcessEvent {
  const { payload } = message;
  const data = payload.data;
  const contexts = objectAt(data['contexts']);
  const tags = tagPairs(data['tags']);
  const replayContext = objectAt(contexts?.['replay']);
  const traceContext = objectAt(contexts?.['trace']);
  const replayId = errorReplayId(contexts ?? undefined, tags);
  return {
    projectId: payload.project_id,
    organizationId: payload.organization_id,
    eventId: payload.event_id.replace(/-/g, '').toLowerCase(),
    groupId: payload.group_id,
    kind: kindOf(message, data),
    isNew: message.state.is_new,
    isRegression: message.state.is_regression,
    title: text(data['title']) ?? payload.message,
    isReprocessed: objectAt(contexts?.['reprocessing'])?.['original_issue_id'] !== undefined,
    replayId,
    hasFlags: hasFlagValues(contexts),
    platform: payload.platform,
    level: text(data['level']) ?? 'error',
    environment: text(data['environment']) ?? '',
    timestamp: eventSeconds(message, data),
    tags,
    user: objectAt(data['user']),
    replayContext: replayId !== null && normalizeUuid(replayContext?.['replay_id']) === replayId ? replayContext : null,
    traceContext: text(traceContext?.['trace_id']) ? traceContext : null,
  };
}

/** Post-process handles inserts that are not marked `skip_consume`; other operations are the reference's replacements. */
export const isPostProcessable = (message: Events.EventsMessage): boolean => message.operation === 'insert' && !message.state.skip_consume;
