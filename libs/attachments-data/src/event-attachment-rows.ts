import { toSafeId } from '@issuestream/storage';

/**
 * An attachment to store. `eventId` and `attachmentId` are 32 lower-case hex
 * digits; `blobKey` is null when there are no bytes to keep (size 0).
 */
export interface NewEventAttachment {
  readonly projectId: number;
  readonly eventId: string;
  readonly attachmentId: string;
  readonly groupId: number | null;
  readonly type: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha1: string;
  readonly blobKey: string | null;
  readonly dateAdded: Date;
}

export interface StoredEventAttachment extends NewEventAttachment {
  /** The attachment's id in the API (the reference's integer id). */
  readonly id: number;
}

/** What identifies one attachment across redeliveries. */
export interface EventAttachmentKey {
  readonly projectId: number;
  readonly eventId: string;
  readonly attachmentId: string;
}

export interface AttachmentRow {
  id: string;
  project_id: string;
  event_id: string;
  attachment_id: string;
  group_id: string | null;
  type: string;
  name: string;
  content_type: string;
  size: string;
  sha1: string;
  blob_key: string | null;
  date_added: Date;
}

export const ATTACHMENT_COLUMNS = `id::text AS id, project_id::text AS project_id, event_id, attachment_id,
  group_id::text AS group_id, type, name, content_type, size::text AS size, sha1, blob_key, date_added`;

export const attachmentKey = (key: EventAttachmentKey): string =>
  `${key.projectId}:${key.eventId}:${key.attachmentId}`;

export function toStoredAttachment(row: AttachmentRow): StoredEventAttachment {
  return {
    id: toSafeId(row.id),
    projectId: toSafeId(row.project_id),
    eventId: row.event_id,
    attachmentId: row.attachment_id,
    groupId: row.group_id === null ? null : toSafeId(row.group_id),
    type: row.type,
    name: row.name,
    contentType: row.content_type,
    size: toSafeId(row.size),
    sha1: row.sha1,
    blobKey: row.blob_key,
    dateAdded: row.date_added,
  };
}
