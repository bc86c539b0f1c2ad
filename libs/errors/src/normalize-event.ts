import { EVENT_LIMITS as LIMITS } from './limits';
import { asArray, asObject, asString, capText, exceedsDepth, isJsonObject, type JsonObject, type JsonValue } from './json-shape';
import { normalizeStacktraces } from './normalize-stacktraces';
import { normalizeTags, type TagPair } from './normalize-tags';
import { errorReplayId } from './replay-id';

export const LEVELS = ['fatal', 'error', 'warning', 'info', 'debug'] as const;
export type Level = (typeof LEVELS)[number];
const LEVEL_ALIASES: Readonly<Record<string, Level>> = { warn: 'warning', critical: 'fatal', log: 'info' };

/** What ingest needs from Relay's `event` message (Avro or msgpack decode to this). */
export interface EventMessage {
  payload: Buffer;
  start_time: number;
  event_id: string;
  project_id: number;
  remote_addr: string | null;
}

export interface NormalizedEvent {
  /** 32 lower-case hex. */
  eventId: string;
  projectId: number;
  /** Unix seconds (fractional). */
  timestamp: number;
  received: number;
  level: Level;
  platform: string;
  /** '' when the event names none: the reference's "no environment". */
  environment: string;
  release: string;
  dist: string;
  tags: TagPair[];
  user: { id: string; email: string; username: string; ipAddress: string };
  traceId: string;
  replayId: string;
  sdk: { name: string; version: string };
  /** The normalized payload, wire field names: what grouping reads, nodestore keeps and the eventstream carries. */
  data: JsonObject;
}

export type NormalizeResult = { ok: true; event: NormalizedEvent } | { ok: false; reason: string; detail: string };

const HEX32 = /^[0-9a-f]{32}$/;

/** A UUID in any of its usual spellings as 32 lower-case hex, or undefined. */
export function normalizeId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const hex = value.replace(/-/g, '').toLowerCase();
  return HEX32.test(hex) ? hex : undefined;
}

const invalid = (reason: string, detail: string): NormalizeResult => ({ ok: false, reason, detail });

/**
 * Relay's part of an error event's journey, done here because the relay
 * stand-in forwards the SDK's JSON as it came: parse and bound the payload,
 * settle ids and times, default level and platform, derive tags, and trim
 * what grouping reads. Rejections carry Relay's outcome reason.
 */
export function normalizeEvent(message: EventMessage): NormalizeResult {
  const eventId = normalizeId(message.event_id);
  if (!eventId) return invalid('invalid_event_id', `event_id: ${JSON.stringify(message.event_id).slice(0, 64)} is not a UUID`);
  if (message.payload.length > LIMITS.payloadBytes) return invalid('too_large', `payload: ${message.payload.length} bytes exceeds ${LIMITS.payloadBytes}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.payload.toString('utf8'));
  } catch (error) {
    return invalid('invalid_json', `payload: ${(error as Error).message}`);
  }
  if (!isJsonObject(parsed)) return invalid('invalid_json', 'payload: the event is not a JSON object');
  if (exceedsDepth(parsed, LIMITS.depth)) return invalid('invalid_json', `payload: nested deeper than ${LIMITS.depth} levels`);
  const data = parsed;
  const received = typeof data['received'] === 'number' && Number.isFinite(data['received']) ? data['received'] : message.start_time;
  const timestamp = eventTime(data['timestamp'], received, data);
  if (timestamp === undefined) return invalid('invalid_timestamp', `timestamp: ${JSON.stringify(data['timestamp']).slice(0, 64)} is not a time`);

  const level = normalizeLevel(data['level']);
  const platform = asString(data['platform']) || 'other';
  const environment = boundedName(data['environment'], LIMITS.environmentChars);
  const release = boundedName(data['release'], LIMITS.releaseChars);
  const dist = boundedName(data['dist'], 64);
  const user = normalizeUser(data['user'], message.remote_addr);
  const contexts = normalizeContexts(data['contexts']);
  const sdk = asObject(data['sdk']);
  normalizeMessage(data);
  normalizeStacktraces(data);
  const type = asArray(asObject(data['exception'])?.['values'])?.length ? 'error' : 'default';
  const tags = normalizeTags(data['tags'], { level, logger: asString(data['logger']) ?? '', environment, transaction: asString(data['transaction']) ?? '', release, dist, user: user.tag });

  Object.assign(data, {
    event_id: eventId, project: message.project_id, timestamp, received, level, platform, type, tags, contexts,
    environment: environment || null, release: release || null, dist: dist || null, user: user.value,
  });
  return {
    ok: true,
    event: {
      eventId, projectId: message.project_id, timestamp, received, level, platform, environment, release, dist, tags: tags as TagPair[],
      user: user.fields,
      traceId: asString(asObject(contexts['trace'])?.['trace_id']) ?? '',
      replayId: errorReplayId(contexts, tags) ?? '',
      sdk: { name: asString(sdk?.['name']) ?? '', version: asString(sdk?.['version']) ?? '' },
      data,
    },
  };
}

/** Seconds since the epoch, from a number or an RFC 3339 string; clamped into [received - 30 days, received + 60 s] as Relay does. */
function eventTime(value: unknown, received: number, data: JsonObject): number | undefined {
  if (value === undefined || value === null) return received;
  const seconds = typeof value === 'number' ? value : typeof value === 'string' ? parseTimeText(value) : NaN;
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  const drift = seconds > received + LIMITS.futureDriftSeconds ? 'clock_drift' : seconds < received - LIMITS.maxAgeSeconds ? 'past_timestamp' : null;
  if (!drift) return seconds;
  const errors = asArray(data['errors']) ?? [];
  data['errors'] = [...errors, { type: drift, name: 'timestamp', value: seconds }];
  return received;
}

function parseTimeText(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  // A time without an offset is UTC, as in Relay.
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`;
  return /^\d{4}-\d\d-\d\d/.test(text) ? Date.parse(withZone) / 1000 : NaN;
}

function normalizeLevel(value: unknown): Level {
  const text = asString(value)?.toLowerCase() ?? '';
  return (LEVELS as readonly string[]).includes(text) ? (text as Level) : (LEVEL_ALIASES[text] ?? 'error');
}

/** A release, environment or dist: trimmed, single-line, within the limit; anything else is dropped. */
function boundedName(value: unknown, limit: number): string {
  const text = (typeof value === 'number' ? String(value) : asString(value) ?? '').trim();
  return text.length <= limit && !/[\n\r\t/]/.test(text) ? text : '';
}

function normalizeUser(value: unknown, remoteAddr: string | null) {
  const user = asObject(value) ?? {};
  const text = (key: string) => {
    const v = user[key];
    return typeof v === 'number' ? String(v) : (asString(v) ?? '');
  };
  const rawIp = text('ip_address');
  const ipAddress = rawIp === '{{auto}}' ? (remoteAddr ?? '') : rawIp;
  const fields = { id: text('id'), email: text('email'), username: text('username'), ipAddress };
  const tag = fields.id ? `id:${fields.id}` : fields.email ? `email:${fields.email}` : fields.username ? `username:${fields.username}` : ipAddress ? `ip:${ipAddress}` : '';
  const present = asObject(value) !== undefined || ipAddress !== '';
  const normalized: JsonObject | null = present ? { ...user, ...(ipAddress ? { ip_address: ipAddress } : {}), ...(tag ? { sentry_user: tag } : {}) } : null;
  return { fields, tag, value: normalized };
}

/** Contexts stay as sent, with trace and replay ids in their canonical spelling (invalid ones removed). */
function normalizeContexts(value: unknown): JsonObject {
  const contexts = asObject(value) ?? {};
  for (const [name, key] of [['trace', 'trace_id'], ['replay', 'replay_id']] as const) {
    const context = asObject(contexts[name]);
    if (!context) continue;
    const id = normalizeId(context[key]);
    if (id) context[key] = id;
    else delete context[key];
  }
  return contexts;
}

/** A legacy top-level `message` becomes `logentry`; a template is formatted with its params; both are capped. */
function normalizeMessage(data: JsonObject): void {
  let logentry = asObject(data['logentry']);
  const legacy = asString(data['message']);
  if (!logentry && legacy !== undefined) logentry = { formatted: legacy };
  if (!logentry) {
    delete data['logentry'];
    return;
  }
  const template = asString(logentry['message']);
  const params = logentry['params'];
  if (asString(logentry['formatted']) === undefined && template !== undefined) {
    logentry['formatted'] = formatTemplate(template, params);
  }
  for (const key of ['formatted', 'message'] as const) {
    const text = logentry[key];
    if (typeof text === 'string') logentry[key] = capText(text, LIMITS.messageChars);
    else delete logentry[key];
  }
  data['logentry'] = logentry;
}

/** `%s` placeholders (and positional `%1$s`) take the params in order, as Relay formats them. */
function formatTemplate(template: string, params: JsonValue | undefined): string {
  const list = Array.isArray(params) ? params : [];
  if (list.length === 0) return template;
  let next = 0;
  const show = (v: JsonValue | undefined) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  return template.replace(/%(?:(\d+)\$)?s/g, (whole, position: string | undefined) => {
    const index = position ? Number(position) - 1 : next++;
    return index < list.length ? show(list[index]) : whole;
  });
}
