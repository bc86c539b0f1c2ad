import type { JsonHeaders } from './parse';
import { normalizeUuid } from './uuid';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The replay id the envelope's trace header (the dynamic sampling context) carries, as 32 hex digits. */
export function traceReplayId(headers: JsonHeaders): string | undefined {
  const trace = headers['trace'];
  return isObject(trace) ? normalizeUuid(trace['replay_id']) : undefined;
}

/**
 * Relay's normalize_replay_context: when the trace header names a replay
 * (the browser SDK put `replay_id` into the trace's baggage and a backend
 * SDK carried it on) and the event has a `contexts` object, the event's
 * replay context becomes exactly that replay. Clients never set this context
 * themselves, so a client value is overwritten. Returns the event unchanged
 * otherwise.
 */
export function normalizeReplayContext(event: Record<string, unknown>, headers: JsonHeaders): Record<string, unknown> {
  const replayId = traceReplayId(headers);
  const contexts = event['contexts'];
  if (replayId === undefined || !isObject(contexts)) return event;
  return { ...event, contexts: { ...contexts, replay: { type: 'replay', replay_id: replayId } } };
}
