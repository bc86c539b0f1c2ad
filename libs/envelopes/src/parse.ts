import { randomUUID } from 'node:crypto';
import { malformed } from './errors';
import { EVENT_BOUND_TYPES, EVENT_PAYLOAD_TYPES, INTERNAL_TYPES } from './item-types';
import { checkLimits, DEFAULT_LIMITS, type EnvelopeLimits } from './limits';
import { normalizeUuid } from './uuid';

const LF = 0x0a;
const MAX_U32 = 0xffffffff;

export type JsonHeaders = Readonly<Record<string, unknown>>;

export interface EnvelopeItem {
  readonly type: string;
  /** Every item header as sent (unknown keys kept). */
  readonly headers: JsonHeaders;
  readonly payload: Buffer;
}

export interface Envelope {
  readonly headers: JsonHeaders;
  readonly items: readonly EnvelopeItem[];
  /**
   * 32 lowercase hex chars: the header's `event_id`, else the event payload's,
   * else a generated one when an item needs an event; null otherwise.
   */
  readonly eventId: string | null;
}

export interface ParseOptions {
  readonly limits?: EnvelopeLimits;
  /** Source of generated event ids (tests pass a fixed one). */
  readonly generateId?: () => string;
}

function parseJsonObject(bytes: Buffer, reason: 'invalid_header' | 'invalid_item_header', what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    // A header followed by anything but LF on the same line cannot parse as one JSON value.
    throw malformed(reason, `invalid ${what}: not a single JSON object followed by a newline`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformed(reason, `invalid ${what}: not a JSON object`);
  return value as Record<string, unknown>;
}

/** Index of the next LF at or after `from`, or the buffer length. */
function lineEnd(body: Buffer, from: number): number {
  const at = body.indexOf(LF, from);
  return at === -1 ? body.length : at;
}

function itemLength(raw: unknown): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > MAX_U32) {
    throw malformed('invalid_length', 'invalid item header: length must be an unsigned 32-bit integer');
  }
  return raw;
}

/** Splits an envelope into its header and items; framing errors only, no limits. */
export function parseFraming(body: Buffer): { headers: Record<string, unknown>; items: EnvelopeItem[] } {
  if (body.length === 0) throw malformed('empty_body', 'empty envelope body');
  const headerEnd = lineEnd(body, 0);
  const headers = parseJsonObject(body.subarray(0, headerEnd), 'invalid_header', 'envelope header');
  const items: EnvelopeItem[] = [];
  let pos = headerEnd + 1;
  while (pos < body.length) {
    const end = lineEnd(body, pos);
    const line = body.subarray(pos, end);
    if (line.toString('utf8').trim() === '') {
      // Whitespace between items, as a JSON stream reader would skip it.
      pos = end + 1;
      continue;
    }
    const itemHeaders = parseJsonObject(line, 'invalid_item_header', 'item header');
    const type = itemHeaders['type'];
    if (typeof type !== 'string' || type === '') throw malformed('invalid_item_header', 'invalid item header: missing type');
    const length = itemLength(itemHeaders['length']);
    const start = end + 1;
    let payload: Buffer;
    if (length !== undefined) {
      if (start + length > body.length) throw malformed('unexpected_eof', 'unexpected end of file: item payload shorter than its length');
      payload = body.subarray(start, start + length);
      const next = start + length;
      if (next < body.length && body[next] !== LF) throw malformed('missing_newline', 'missing newline after header or payload');
      pos = next + 1;
    } else if (start > body.length) {
      // Header at EOF without a payload line: an empty payload.
      payload = Buffer.alloc(0);
      pos = start;
    } else {
      const payloadEnd = lineEnd(body, start);
      payload = body.subarray(start, payloadEnd);
      pos = payloadEnd + 1;
    }
    items.push({ type, headers: itemHeaders, payload });
  }
  return { headers, items };
}

function payloadEventId(item: EnvelopeItem): string | undefined {
  try {
    const parsed: unknown = JSON.parse(item.payload.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return normalizeUuid((parsed as Record<string, unknown>)['event_id']);
  } catch {
    // An unparsable payload is the router's problem; here it just has no id.
  }
  return undefined;
}

/** Picks the envelope's event id: header wins, then the event payload's, then a generated one if needed. */
export function resolveEventId(headers: JsonHeaders, items: readonly EnvelopeItem[], generateId: () => string = randomUUID): string | null {
  const raw = headers['event_id'];
  if (raw !== undefined && raw !== null) {
    const id = normalizeUuid(raw);
    if (!id) throw malformed('invalid_event_id', 'invalid envelope header: event_id is not a UUID');
    return id;
  }
  const eventItem = items.find((item) => EVENT_PAYLOAD_TYPES.has(item.type));
  const fromPayload = eventItem ? payloadEventId(eventItem) : undefined;
  if (fromPayload) return fromPayload;
  if (!items.some((item) => EVENT_BOUND_TYPES.has(item.type))) return null;
  const generated = normalizeUuid(generateId());
  if (!generated) throw new Error('generateId returned something that is not a UUID');
  return generated;
}

/**
 * Parses an envelope (already decompressed) and enforces the item limits.
 * Throws EnvelopeError: 400 for malformed framing or headers, 413 for limits.
 */
export function parseEnvelope(body: Buffer, options: ParseOptions = {}): Envelope {
  const limits = options.limits ?? DEFAULT_LIMITS;
  checkLimits.envelopeSize(body.length, limits);
  const { headers, items } = parseFraming(body);
  const internal = items.find((item) => INTERNAL_TYPES.has(item.type));
  if (internal) throw malformed('invalid_item_type', `item type '${internal.type}' is internal and may not be sent`);
  checkLimits(items, limits);
  const eventId = resolveEventId(headers, items, options.generateId);
  return { headers, items, eventId };
}
