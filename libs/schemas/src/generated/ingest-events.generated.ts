// Generated from schemas/ingest-events.avsc by tools/schemas/generate-types.ts. Do not edit.
import type { TopicDefinition } from '../avro-schema';

/** An error or default event produced by Relay (or our relay stand-in) to ingest-events: the normalized event JSON travels as opaque bytes next to the routing metadata Relay adds. Mirrors Relay's EventKafkaMessage. (Avro record sentry.kafka.ingest_events.IngestEvent.) */
export interface IngestEvent {
  /** Always "event". */
  type: IngestEventType;
  /** The normalized event as UTF-8 JSON bytes (msgpack bin in Relay's encoding). */
  payload: Buffer;
  /** Unix time in whole seconds at which Relay received the request. */
  start_time: number;
  /** Event id as 32 lowercase hex characters. */
  event_id: string;
  project_id: number;
  /** IP address of the client that sent the envelope, when known. (Default: null.) */
  remote_addr: null | string;
  /** Attachments that arrived with the event; their chunks are produced first, with the same key. (Default: [].) */
  attachments: EventAttachment[];
}

/** IngestEvent as a producer passes it: fields with a default may be left out. */
export interface IngestEventInput {
  /** Always "event". */
  type: IngestEventType;
  /** The normalized event as UTF-8 JSON bytes (msgpack bin in Relay's encoding). */
  payload: Buffer;
  /** Unix time in whole seconds at which Relay received the request. */
  start_time: number;
  /** Event id as 32 lowercase hex characters. */
  event_id: string;
  project_id: number;
  /** IP address of the client that sent the envelope, when known. (Default: null.) */
  remote_addr?: null | string;
  /** Attachments that arrived with the event; their chunks are produced first, with the same key. (Default: [].) */
  attachments?: EventAttachmentInput[];
}

/** Message kind discriminator; this topic only carries events. */
export type IngestEventType = 'event';

/** Metadata of an attachment that belongs to the event. Exactly one of chunks, data and stored_id is set. (Avro record sentry.kafka.ingest_events.EventAttachment.) */
export interface EventAttachment {
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

/** EventAttachment as a producer passes it: fields with a default may be left out. */
export interface EventAttachmentInput {
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

/** A message of topic ingest-events as decoded. */
export type IngestEventsMessage = IngestEvent;

/** A message of topic ingest-events as passed to encode(). */
export type IngestEventsMessageInput = IngestEventInput;

export const definition: TopicDefinition = {
  topic: 'ingest-events',
  file: 'ingest-events.avsc',
  schema: {
    type: 'record',
    name: 'IngestEvent',
    namespace: 'sentry.kafka.ingest_events',
    doc: "An error or default event produced by Relay (or our relay stand-in) to ingest-events: the normalized event JSON travels as opaque bytes next to the routing metadata Relay adds. Mirrors Relay's EventKafkaMessage.",
    fields: [
      {
        name: 'type',
        type: {
          type: 'enum',
          name: 'IngestEventType',
          doc: 'Message kind discriminator; this topic only carries events.',
          symbols: ['event'],
        },
        doc: 'Always "event".',
      },
      {
        name: 'payload',
        type: 'bytes',
        doc: "The normalized event as UTF-8 JSON bytes (msgpack bin in Relay's encoding).",
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
            name: 'EventAttachment',
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
        doc: 'Attachments that arrived with the event; their chunks are produced first, with the same key.',
      },
    ],
  },
};
