// Generated from schemas/ingest-attachments.avsc by tools/schemas/generate-types.ts. Do not edit.
import type { TopicDefinition } from '../avro-schema';

/** An error event whose envelope also carried attachments or a user report ("slow items"), so Relay routed it to ingest-attachments. The attachment contents arrive first as attachment_chunk messages with the same key. (Avro record sentry.kafka.ingest_attachments.EventWithAttachments.) */
export interface EventWithAttachments {
  type: EventMessageType;
  /** The normalized event as UTF-8 JSON bytes. */
  payload: Buffer;
  /** Unix time in whole seconds at which Relay received the request. */
  start_time: number;
  /** Event id as 32 lowercase hex characters. */
  event_id: string;
  project_id: number;
  /** IP address of the client that sent the envelope, when known. (Default: null.) */
  remote_addr: null | string;
  /** Metadata of the event's attachments. (Default: [].) */
  attachments: AttachmentInfo[];
}

/** EventWithAttachments as a producer passes it: fields with a default may be left out. */
export interface EventWithAttachmentsInput {
  type: EventMessageType;
  /** The normalized event as UTF-8 JSON bytes. */
  payload: Buffer;
  /** Unix time in whole seconds at which Relay received the request. */
  start_time: number;
  /** Event id as 32 lowercase hex characters. */
  event_id: string;
  project_id: number;
  /** IP address of the client that sent the envelope, when known. (Default: null.) */
  remote_addr?: null | string;
  /** Metadata of the event's attachments. (Default: [].) */
  attachments?: AttachmentInfoInput[];
}

/** Discriminator of the event branch. */
export type EventMessageType = 'event';

/** Metadata of one attachment. Exactly one of chunks, data and stored_id is set. (Avro record sentry.kafka.ingest_attachments.AttachmentInfo.) */
export interface AttachmentInfo {
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
  /** Number of attachment_chunk messages carrying the content (0 for an empty attachment). (Default: null.) */
  chunks: null | number;
  /** Inline content, used for standalone attachments smaller than the chunk size. (Default: null.) */
  data: null | Buffer;
  /** Object-store key when the content was uploaded out of band. (Default: null.) */
  stored_id: null | string;
}

/** AttachmentInfo as a producer passes it: fields with a default may be left out. */
export interface AttachmentInfoInput {
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
  /** Number of attachment_chunk messages carrying the content (0 for an empty attachment). (Default: null.) */
  chunks?: null | number;
  /** Inline content, used for standalone attachments smaller than the chunk size. (Default: null.) */
  data?: null | Buffer;
  /** Object-store key when the content was uploaded out of band. (Default: null.) */
  stored_id?: null | string;
}

/** A standalone attachment (no error event in its envelope, e.g. a feedback screenshot, or one belonging to a transaction). Small contents are inline in attachment.data, larger ones arrive first as chunks. (Avro record sentry.kafka.ingest_attachments.AttachmentMessage.) */
export interface AttachmentMessage {
  type: AttachmentMessageType;
  /** Id of the event (or feedback) the attachment belongs to. */
  event_id: string;
  project_id: number;
  attachment: AttachmentInfo;
}

/** AttachmentMessage as a producer passes it: fields with a default may be left out. */
export interface AttachmentMessageInput {
  type: AttachmentMessageType;
  /** Id of the event (or feedback) the attachment belongs to. */
  event_id: string;
  project_id: number;
  attachment: AttachmentInfoInput;
}

/** Discriminator of the attachment branch. */
export type AttachmentMessageType = 'attachment';

/** One piece (at most 1 MiB) of an attachment's content. Chunks are produced before the message that references them, with the same key. (Avro record sentry.kafka.ingest_attachments.AttachmentChunk.) */
export interface AttachmentChunk {
  type: AttachmentChunkType;
  /** The chunk's bytes. */
  payload: Buffer;
  event_id: string;
  project_id: number;
  /** Id of the attachment this chunk belongs to. Relay writes `id`; the sentry-kafka-schemas example calls it `attachment_id`, which is accepted on input and mapped here. (Alias: attachment_id.) */
  id: string;
  /** 0-based position of the chunk. */
  chunk_index: number;
}

export type AttachmentChunkInput = AttachmentChunk;

/** Discriminator of the attachment chunk branch. */
export type AttachmentChunkType = 'attachment_chunk';

/** A legacy user_report envelope item (name, email and comments about an event). (Avro record sentry.kafka.ingest_attachments.UserReport.) */
export interface UserReport {
  type: UserReportType;
  /** UTF-8 JSON {event_id, name, email, comments} as normalized by Relay. */
  payload: Buffer;
  /** Unix time in whole seconds at which Relay received the request. */
  start_time: number;
  project_id: number;
  /** Id of the reported event. Relay leaves it out of the body (it is the Kafka key); our producers set it. (Default: null.) */
  event_id: null | string;
}

/** UserReport as a producer passes it: fields with a default may be left out. */
export interface UserReportInput {
  type: UserReportType;
  /** UTF-8 JSON {event_id, name, email, comments} as normalized by Relay. */
  payload: Buffer;
  /** Unix time in whole seconds at which Relay received the request. */
  start_time: number;
  project_id: number;
  /** Id of the reported event. Relay leaves it out of the body (it is the Kafka key); our producers set it. (Default: null.) */
  event_id?: null | string;
}

/** Discriminator of the user report branch. */
export type UserReportType = 'user_report';

/** A message of topic ingest-attachments as decoded. */
export type IngestAttachmentsMessage =
  EventWithAttachments | AttachmentMessage | AttachmentChunk | UserReport;

/** A message of topic ingest-attachments as passed to encode(). */
export type IngestAttachmentsMessageInput =
  EventWithAttachmentsInput | AttachmentMessageInput | AttachmentChunk | UserReportInput;

export const definition: TopicDefinition = {
  topic: 'ingest-attachments',
  file: 'ingest-attachments.avsc',
  schema: [
    {
      type: 'record',
      name: 'EventWithAttachments',
      namespace: 'sentry.kafka.ingest_attachments',
      doc: 'An error event whose envelope also carried attachments or a user report ("slow items"), so Relay routed it to ingest-attachments. The attachment contents arrive first as attachment_chunk messages with the same key.',
      fields: [
        {
          name: 'type',
          type: {
            type: 'enum',
            name: 'EventMessageType',
            doc: 'Discriminator of the event branch.',
            symbols: ['event'],
          },
        },
        { name: 'payload', type: 'bytes', doc: 'The normalized event as UTF-8 JSON bytes.' },
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
              name: 'AttachmentInfo',
              doc: 'Metadata of one attachment. Exactly one of chunks, data and stored_id is set.',
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
                  doc: 'Number of attachment_chunk messages carrying the content (0 for an empty attachment).',
                },
                {
                  name: 'data',
                  type: ['null', 'bytes'],
                  default: null,
                  doc: 'Inline content, used for standalone attachments smaller than the chunk size.',
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
          doc: "Metadata of the event's attachments.",
        },
      ],
    },
    {
      type: 'record',
      name: 'AttachmentMessage',
      namespace: 'sentry.kafka.ingest_attachments',
      doc: 'A standalone attachment (no error event in its envelope, e.g. a feedback screenshot, or one belonging to a transaction). Small contents are inline in attachment.data, larger ones arrive first as chunks.',
      fields: [
        {
          name: 'type',
          type: {
            type: 'enum',
            name: 'AttachmentMessageType',
            doc: 'Discriminator of the attachment branch.',
            symbols: ['attachment'],
          },
        },
        {
          name: 'event_id',
          type: 'string',
          doc: 'Id of the event (or feedback) the attachment belongs to.',
        },
        { name: 'project_id', type: 'long' },
        { name: 'attachment', type: 'AttachmentInfo' },
      ],
    },
    {
      type: 'record',
      name: 'AttachmentChunk',
      namespace: 'sentry.kafka.ingest_attachments',
      doc: "One piece (at most 1 MiB) of an attachment's content. Chunks are produced before the message that references them, with the same key.",
      fields: [
        {
          name: 'type',
          type: {
            type: 'enum',
            name: 'AttachmentChunkType',
            doc: 'Discriminator of the attachment chunk branch.',
            symbols: ['attachment_chunk'],
          },
        },
        { name: 'payload', type: 'bytes', doc: "The chunk's bytes." },
        { name: 'event_id', type: 'string' },
        { name: 'project_id', type: 'long' },
        {
          name: 'id',
          type: 'string',
          aliases: ['attachment_id'],
          doc: 'Id of the attachment this chunk belongs to. Relay writes `id`; the sentry-kafka-schemas example calls it `attachment_id`, which is accepted on input and mapped here.',
        },
        { name: 'chunk_index', type: 'int', doc: '0-based position of the chunk.' },
      ],
    },
    {
      type: 'record',
      name: 'UserReport',
      namespace: 'sentry.kafka.ingest_attachments',
      doc: 'A legacy user_report envelope item (name, email and comments about an event).',
      fields: [
        {
          name: 'type',
          type: {
            type: 'enum',
            name: 'UserReportType',
            doc: 'Discriminator of the user report branch.',
            symbols: ['user_report'],
          },
        },
        {
          name: 'payload',
          type: 'bytes',
          doc: 'UTF-8 JSON {event_id, name, email, comments} as normalized by Relay.',
        },
        {
          name: 'start_time',
          type: 'long',
          doc: 'Unix time in whole seconds at which Relay received the request.',
        },
        { name: 'project_id', type: 'long' },
        {
          name: 'event_id',
          type: ['null', 'string'],
          default: null,
          doc: 'Id of the reported event. Relay leaves it out of the body (it is the Kafka key); our producers set it.',
        },
      ],
    },
  ],
  discriminator: { field: 'type' },
};
