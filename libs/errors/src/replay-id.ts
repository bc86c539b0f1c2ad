import { asObject, type JsonValue } from './json-shape';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** A UUID in any accepted spelling as 32 lower-case hex digits, or null. */
export function normalizeUuid(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return UUID.test(trimmed) ? trimmed.replace(/-/g, '').toLowerCase() : null;
}

/**
 * The replay an error event belongs to, one rule for the errors row and for
 * post-process's replay link: `contexts.replay.replay_id` when set, else the
 * `replayId` tag; the chosen value must be a UUID (given as 32 lower-case hex
 * digits), else there is none. A set but invalid context id does not fall
 * back to the tag, as in the reference (`context id or tag`, then parsed).
 */
export function errorReplayId(contexts: JsonValue | undefined, tags: readonly (readonly [string, string])[]): string | null {
  const fromContext = asObject(asObject(contexts)?.['replay'])?.['replay_id'];
  const chosen = fromContext !== undefined && fromContext !== null && fromContext !== '' ? fromContext : tags.find(([key]) => key === 'replayId')?.[1];
  return normalizeUuid(chosen);
}
