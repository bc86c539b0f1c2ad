import { EVENT_LIMITS as LIMITS } from './limits';
import { asArray, asObject, capText, type JsonObject, type JsonValue } from './json-shape';

const FRAME_STRINGS = ['function', 'raw_function', 'module', 'package', 'filename', 'abs_path', 'context_line', 'platform'] as const;
const FRAME_NUMBERS = ['lineno', 'colno'] as const;
const EXCEPTION_STRINGS = ['type', 'module'] as const;

/** Removes a field whose value has the wrong type (Relay drops such a field and keeps the event). */
function keepTyped(object: JsonObject, keys: readonly string[], type: 'string' | 'number' | 'boolean'): void {
  for (const key of keys) {
    const value = object[key];
    if (value !== undefined && value !== null && typeof value !== type) delete object[key];
  }
}

/** Frames as objects with typed fields; a longer list keeps its two ends, and the omitted range is noted. */
function normalizeStacktrace(value: JsonValue | undefined): JsonObject | null {
  const stacktrace = asObject(value);
  const frames = asArray(stacktrace?.['frames']);
  if (!stacktrace || !frames) return null;
  let kept: JsonValue[] = frames.filter((frame) => asObject(frame) !== undefined);
  if (kept.length > LIMITS.frames) {
    const half = LIMITS.frames / 2;
    stacktrace['frames_omitted'] = [half, kept.length - half];
    kept = [...kept.slice(0, half), ...kept.slice(kept.length - half)];
  }
  for (const frame of kept as JsonObject[]) {
    keepTyped(frame, FRAME_STRINGS, 'string');
    keepTyped(frame, FRAME_NUMBERS, 'number');
    keepTyped(frame, ['in_app'], 'boolean');
    const data = frame['data'];
    if (data !== undefined && data !== null && asObject(data) === undefined) delete frame['data'];
  }
  stacktrace['frames'] = kept;
  return stacktrace;
}

function normalizeException(value: JsonValue): JsonObject | null {
  const exception = asObject(value);
  if (!exception) return null;
  keepTyped(exception, EXCEPTION_STRINGS, 'string');
  const text = exception['value'];
  if (text !== undefined && text !== null) exception['value'] = capText(typeof text === 'string' ? text : JSON.stringify(text), LIMITS.messageChars);
  const mechanism = asObject(exception['mechanism']);
  if (mechanism) {
    keepTyped(mechanism, ['type', 'source'], 'string');
    keepTyped(mechanism, ['synthetic', 'is_exception_group', 'handled'], 'boolean');
    keepTyped(mechanism, ['exception_id', 'parent_id'], 'number');
  } else delete exception['mechanism'];
  if (exception['stacktrace'] !== undefined) exception['stacktrace'] = normalizeStacktrace(exception['stacktrace']);
  return exception;
}

/**
 * Brings what grouping reads into the types it expects: `exception` as
 * `{values: [...]}` (a bare list is the legacy form), threads and the event's
 * own stack trace, plus `fingerprint` as a list of strings.
 */
export function normalizeStacktraces(data: JsonObject): void {
  const exception = data['exception'];
  const values = asArray(exception) ?? asArray(asObject(exception)?.['values']);
  const exceptions = (values ?? []).map(normalizeException).filter((e): e is JsonObject => e !== null);
  if (exceptions.length > 0) data['exception'] = { ...(asObject(exception) ?? {}), values: exceptions };
  else delete data['exception'];

  const threads = asArray(asObject(data['threads'])?.['values']);
  if (threads) {
    const kept = threads.map(asObject).filter((t): t is JsonObject => t !== undefined);
    for (const thread of kept) {
      keepTyped(thread, ['crashed', 'current'], 'boolean');
      if (thread['stacktrace'] !== undefined) thread['stacktrace'] = normalizeStacktrace(thread['stacktrace']);
    }
    data['threads'] = { values: kept };
  } else delete data['threads'];

  if (data['stacktrace'] !== undefined) data['stacktrace'] = normalizeStacktrace(data['stacktrace']);
  const fingerprint = asArray(data['fingerprint']);
  if (fingerprint) data['fingerprint'] = fingerprint.filter((part) => ['string', 'number'].includes(typeof part)).map(String);
  else delete data['fingerprint'];
  for (const key of ['transaction', 'culprit', 'logger', 'title'] as const) {
    if (data[key] !== undefined && typeof data[key] !== 'string') delete data[key];
  }
  const request = asObject(data['request']);
  if (request && request['url'] !== undefined && typeof request['url'] !== 'string') delete request['url'];
}
