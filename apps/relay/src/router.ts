import { randomUUID } from 'node:crypto';
import { normalizeReplayContext, normalizeUuid, uuidBytes, type Envelope, type EnvelopeItem } from '@issuestream/envelopes';
import type { IngestAttachments, IngestEvents, IngestFeedbackEvents } from '@issuestream/schemas';

type AttachmentInfoInput = IngestAttachments.AttachmentInfoInput;

export type LogicalTopic = 'ingest-feedback-events' | 'ingest-attachments' | 'ingest-events';

export type PlannedMessage =
  | { topic: 'ingest-feedback-events'; key: Buffer | null; record: IngestFeedbackEvents.IngestFeedbackEventsMessageInput }
  | { topic: 'ingest-events'; key: Buffer | null; record: IngestEvents.IngestEventsMessageInput }
  | { topic: 'ingest-attachments'; key: Buffer | null; record: IngestAttachments.IngestAttachmentsMessageInput };

export interface ItemOutcome {
  readonly type: string;
  readonly outcome: 'produced' | 'accepted' | 'dropped';
  readonly reason?: string;
}

export interface RoutePlan {
  /** In production order: chunks before the message that refers to them. */
  readonly messages: PlannedMessage[];
  readonly outcomes: ItemOutcome[];
}

export interface RouteContext {
  readonly projectId: number;
  /** Unix seconds the request arrived. */
  readonly startTime: number;
  readonly remoteAddr: string | null;
  /** Largest inline attachment (exclusive) and chunk size; 1 MiB in Relay. */
  readonly chunkSize: number;
  readonly newId?: () => string;
}

const UNNAMED = 'Unnamed Attachment';
const COUNTED_ONLY = new Set(['transaction', 'session', 'sessions', 'client_report']);
const ERROR_EVENT_TYPES = new Set(['event', 'security']);

function jsonObject(payload: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(payload.toString('utf8').trim());
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The event JSON with the envelope's event id written into it (the header wins), and `normalize` applied. */
function eventPayload(item: EnvelopeItem, eventId: string, type?: string, normalize: (event: Record<string, unknown>) => Record<string, unknown> = (event) => event): Buffer | undefined {
  const event = jsonObject(item.payload);
  if (!event) return undefined;
  return Buffer.from(JSON.stringify(normalize({ ...event, event_id: eventId, ...(type ? { type } : {}) })), 'utf8');
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function chunksOf(payload: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < payload.length; at += size) chunks.push(payload.subarray(at, at + size));
  return chunks;
}

/**
 * Decides which Kafka messages an accepted envelope becomes (spec §4.2):
 * feedback → ingest-feedback-events; an error event → ingest-events, or
 * ingest-attachments with its attachments chunked when the envelope carries
 * attachments or a user report (an event that is not JSON is dropped with
 * its attachments); other attachments standalone and user reports →
 * ingest-attachments; transactions, sessions and client reports are only
 * counted.
 */
export function planRoutes(envelope: Envelope, ctx: RouteContext): RoutePlan {
  const newId = ctx.newId ?? randomUUID;
  const eventId = envelope.eventId;
  const key = eventId && /[^0]/.test(eventId) ? uuidBytes(eventId) : null;
  const messages: PlannedMessage[] = [];
  const outcomes: ItemOutcome[] = [];
  const base = { project_id: ctx.projectId };

  const eventItem = envelope.items.find((i) => i.type === 'event' || i.type === 'transaction' || i.type === 'security');
  const errorEvent = eventItem && ERROR_EVENT_TYPES.has(eventItem.type) ? eventItem : undefined;
  // Relay's normalize_replay_context: a backend error learns its replay from the trace header.
  const errorPayload = errorEvent && eventId ? eventPayload(errorEvent, eventId, undefined, (event) => normalizeReplayContext(event, envelope.headers)) : undefined;
  const slow = envelope.items.some((i) => i.type === 'attachment' || i.type === 'user_report');

  const attachmentInfo = (item: EnvelopeItem, id: string): AttachmentInfoInput => ({
    id,
    name: str(item.headers['filename']) ?? UNNAMED,
    rate_limited: false,
    content_type: str(item.headers['content_type']),
    attachment_type: str(item.headers['attachment_type']) ?? 'event.attachment',
    size: item.payload.length,
  });
  const chunkMessages = (item: EnvelopeItem, id: string): PlannedMessage[] =>
    chunksOf(item.payload, ctx.chunkSize).map((payload, index) => ({
      topic: 'ingest-attachments',
      key,
      record: { type: 'attachment_chunk', payload, event_id: eventId ?? '', project_id: ctx.projectId, id, chunk_index: index },
    }));

  const eventAttachments: AttachmentInfoInput[] = [];
  for (const item of envelope.items) {
    switch (item.type) {
      case 'attachment': {
        // Relay rejects an event it cannot parse together with the attachments bound to it; chunks sent
        // for an event that never comes would only wait in the chunk store until they expire.
        if (errorEvent && !errorPayload) {
          outcomes.push({ type: item.type, outcome: 'dropped', reason: 'invalid_event' });
          break;
        }
        const id = newId();
        if (errorEvent) {
          messages.push(...chunkMessages(item, id));
          eventAttachments.push({ ...attachmentInfo(item, id), chunks: Math.ceil(item.payload.length / ctx.chunkSize) });
        } else {
          const inline = item.payload.length > 0 && item.payload.length < ctx.chunkSize;
          const chunks = inline ? [] : chunkMessages(item, id);
          messages.push(...chunks);
          const attachment: AttachmentInfoInput = inline ? { ...attachmentInfo(item, id), data: item.payload } : { ...attachmentInfo(item, id), chunks: chunks.length };
          messages.push({ topic: 'ingest-attachments', key, record: { type: 'attachment', event_id: eventId ?? '', ...base, attachment } });
        }
        outcomes.push({ type: item.type, outcome: 'produced' });
        break;
      }
      case 'user_report': {
        const report = jsonObject(item.payload);
        const reportEventId = normalizeUuid(report?.['event_id']) ?? eventId;
        if (!report || !reportEventId) {
          outcomes.push({ type: item.type, outcome: 'dropped', reason: 'invalid_json' });
          break;
        }
        const text = (v: unknown) => (typeof v === 'string' ? v : '');
        const payload = Buffer.from(JSON.stringify({ event_id: reportEventId, name: text(report['name']), email: text(report['email']), comments: text(report['comments']) }), 'utf8');
        messages.push({ topic: 'ingest-attachments', key, record: { type: 'user_report', payload, start_time: ctx.startTime, ...base, event_id: reportEventId } });
        outcomes.push({ type: item.type, outcome: 'produced' });
        break;
      }
      case 'feedback': {
        const payload = eventId ? eventPayload(item, eventId, 'feedback') : undefined;
        if (!payload || !eventId) {
          outcomes.push({ type: item.type, outcome: 'dropped', reason: 'invalid_json' });
          break;
        }
        messages.push({
          topic: 'ingest-feedback-events',
          key,
          record: { type: 'event', payload, start_time: ctx.startTime, event_id: eventId, ...base, remote_addr: ctx.remoteAddr, attachments: [] },
        });
        outcomes.push({ type: item.type, outcome: 'produced' });
        break;
      }
      case 'event':
      case 'security':
        // Produced after the loop, once its attachments' chunks are queued.
        if (item !== errorEvent) outcomes.push({ type: item.type, outcome: 'dropped', reason: 'duplicate_event' });
        break;
      default:
        outcomes.push(COUNTED_ONLY.has(item.type) ? { type: item.type, outcome: 'accepted' } : { type: item.type, outcome: 'dropped', reason: 'unsupported_item' });
    }
  }

  if (errorEvent && eventId) {
    if (!errorPayload) outcomes.push({ type: errorEvent.type, outcome: 'dropped', reason: 'invalid_json' });
    else {
      const record = { type: 'event' as const, payload: errorPayload, start_time: ctx.startTime, event_id: eventId, ...base, remote_addr: ctx.remoteAddr, attachments: eventAttachments };
      messages.push(slow ? { topic: 'ingest-attachments', key, record } : { topic: 'ingest-events', key, record });
      outcomes.push({ type: errorEvent.type, outcome: 'produced' });
    }
  }
  return { messages, outcomes };
}
