// Generated from schemas/ingest-feedback-events.avsc by tools/schemas/generate-types.ts. Do not edit.
import type { TopicDefinition } from '../avro-schema';

/** A user feedback event (an event whose payload has type "feedback" and a contexts.feedback object) produced by Relay to ingest-feedback-events. Same envelope as an ingest-events message; attachments such as screenshots travel separately on ingest-attachments. (Avro record sentry.kafka.ingest_feedback_events.FeedbackEvent.) */
export interface FeedbackEvent {
  /** Always "event". */
  type: FeedbackEventType;
  /** The normalized feedback event as UTF-8 JSON bytes (msgpack bin in Relay's encoding). */
  payload: Buffer;
  /** Unix time in whole seconds at which Relay received the request. */
  start_time: number;
  /** Event id as 32 lowercase hex characters. */
  event_id: string;
  project_id: number;
  /** IP address of the client that sent the envelope, when known. (Default: null.) */
  remote_addr: null | string;
  /** Always empty for feedback: Relay sends feedback attachments as standalone attachment messages. (Default: [].) */
  attachments: FeedbackAttachment[];
}

/** FeedbackEvent as a producer passes it: fields with a default may be left out. */
export interface FeedbackEventInput {
  /** Always "event". */
  type: FeedbackEventType;
  /** The normalized feedback event as UTF-8 JSON bytes (msgpack bin in Relay's encoding). */
  payload: Buffer;
  /** Unix time in whole seconds at which Relay received the request. */
  start_time: number;
  /** Event id as 32 lowercase hex characters. */
  event_id: string;
  project_id: number;
  /** IP address of the client that sent the envelope, when known. (Default: null.) */
  remote_addr?: null | string;
  /** Always empty for feedback: Relay sends feedback attachments as standalone attachment messages. (Default: [].) */
  attachments?: FeedbackAttachmentInput[];
}

/** Message kind discriminator; this topic only carries events. */
export type FeedbackEventType = 'event';

/** Metadata of an attachment that belongs to the event. Exactly one of chunks, data and stored_id is set. (Avro record sentry.kafka.ingest_feedback_events.FeedbackAttachment.) */
export interface FeedbackAttachment {
  /** Attachment id (a random UUID). */
  id: string;
  /** File name; Relay falls back to "Unnamed Attachment". */
  name: string;
  /** True when the attachment was rate limited and only its metadata is kept. (Default: false.) */
  rate_limited: boolean;
  /** MIME type from the item header; absent when the SDK sent none. (Default: null.) */
  content_type: null | string;
  /** Relay attachment type such as event.attachment, event.minidump or event.view_hierarchy. (Default: "event.attachment".) */
  attachment_type: string;
  /** Size in bytes; older Relays omit it. (Default: null.) */
  size: null | number;
  /** Number of attachment_chunk messages carrying the content (sent before this message). (Default: null.) */
  chunks: null | number;
  /** Inline content, used for small standalone attachments. (Default: null.) */
  data: null | Buffer;
  /** Object-store key when the content was uploaded out of band. (Default: null.) */
  stored_id: null | string;
}

/** FeedbackAttachment as a producer passes it: fields with a default may be left out. */
export interface FeedbackAttachmentInput {
  /** Attachment id (a random UUID). */
  id: string;
  /** File name; Relay falls back to "Unnamed Attachment". */
  name: string;
  /** True when the attachment was rate limited and only its metadata is kept. (Default: false.) */
  rate_limited?: boolean;
  /** MIME type from the item header; absent when the SDK sent none. (Default: null.) */
  content_type?: null | string;
  /** Relay attachment type such as event.attachment, event.minidump or event.view_hierarchy. (Default: "event.attachment".) */
  attachment_type?: string;
  /** Size in bytes; older Relays omit it. (Default: null.) */
  size?: null | number;
  /** Number of attachment_chunk messages carrying the content (sent before this message). (Default: null.) */
  chunks?: null | number;
  /** Inline content, used for small standalone attachments. (Default: null.) */
  data?: null | Buffer;
  /** Object-store key when the content was uploaded out of band. (Default: null.) */
  stored_id?: null | string;
}

/** A message of topic ingest-feedback-events as decoded. */
export type IngestFeedbackEventsMessage = FeedbackEvent;

/** A message of topic ingest-feedback-events as passed to encode(). */
export type IngestFeedbackEventsMessageInput = FeedbackEventInput;

export const definition: TopicDefinition = {
  topic: 'ingest-feedback-events',
  file: 'ingest-feedback-events.avsc',
  schema: {
    type: 'record',
    name: 'FeedbackEvent',
    namespace: 'sentry.kafka.ingest_feedback_events',
    doc: 'A user feedback event (an event whose payload has type "feedback" and a contexts.feedback object) produced by Relay to ingest-feedback-events. Same envelope as an ingest-events message; attachments such as screenshots travel separately on ingest-attachments.',
    fields: [
      {
        name: 'type',
        type: {
          type: 'enum',
          name: 'FeedbackEventType',
          doc: 'Message kind discriminator; this topic only carries events.',
          symbols: ['event'],
        },
        doc: 'Always "event".',
      },
      {
        name: 'payload',
        type: 'bytes',
        doc: "The normalized feedback event as UTF-8 JSON bytes (msgpack bin in Relay's encoding).",
      },
      {
        name: 'start_time',
        type: 'long',
        doc: 'Unix time in whole seconds at which Relay received the request.',
      },
      { name: 'event_id', type: 'string', doc: 'Event id as 32 lowercase hex characters.' },
      { name: 'project_id', type: 'long' },
      {
        name: 'remote_addr',
        type: ['null', 'string'],
        default: null,
        doc: 'IP address of the client that sent the envelope, when known.',
      },
      {
        name: 'attachments',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'FeedbackAttachment',
            doc: 'Metadata of an attachment that belongs to the event. Exactly one of chunks, data and stored_id is set.',
            fields: [
              { name: 'id', type: 'string', doc: 'Attachment id (a random UUID).' },
              {
                name: 'name',
                type: 'string',
                doc: 'File name; Relay falls back to "Unnamed Attachment".',
              },
              {
                name: 'rate_limited',
                type: 'boolean',
                default: false,
                doc: 'True when the attachment was rate limited and only its metadata is kept.',
              },
              {
                name: 'content_type',
                type: ['null', 'string'],
                default: null,
                doc: 'MIME type from the item header; absent when the SDK sent none.',
              },
              {
                name: 'attachment_type',
                type: 'string',
                default: 'event.attachment',
                doc: 'Relay attachment type such as event.attachment, event.minidump or event.view_hierarchy.',
              },
              {
                name: 'size',
                type: ['null', 'long'],
                default: null,
                doc: 'Size in bytes; older Relays omit it.',
              },
              {
                name: 'chunks',
                type: ['null', 'long'],
                default: null,
                doc: 'Number of attachment_chunk messages carrying the content (sent before this message).',
              },
              {
                name: 'data',
                type: ['null', 'bytes'],
                default: null,
                doc: 'Inline content, used for small standalone attachments.',
              },
              {
                name: 'stored_id',
                type: ['null', 'string'],
                default: null,
                doc: 'Object-store key when the content was uploaded out of band.',
              },
            ],
          },
        },
        default: [],
        doc: 'Always empty for feedback: Relay sends feedback attachments as standalone attachment messages.',
      },
    ],
  },
};
