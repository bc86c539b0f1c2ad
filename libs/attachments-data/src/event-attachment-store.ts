import type { Pool } from 'pg';
import { writeIsolatingFailures } from '@issuestream/storage';
import {
  ATTACHMENT_COLUMNS,
  attachmentKey,
  toStoredAttachment,
  type AttachmentRow,
  type EventAttachmentKey,
  type NewEventAttachment,
  type StoredEventAttachment,
} from './event-attachment-rows';

/**
 * What happened to one attachment:
 * - `inserted`: a new row;
 * - `existing`: a row with its natural key was there already (a redelivery); it was left as it was;
 * - `failed`: Postgres refused this attachment (bad data); the others were written.
 */
export type EventAttachmentWrite =
  | { readonly kind: 'inserted'; readonly attachment: StoredEventAttachment }
  | { readonly kind: 'existing'; readonly attachment: StoredEventAttachment }
  | { readonly kind: 'failed'; readonly error: Error };

/** Sets `groupId` on the attachments of one event that have none yet. */
export interface EventGroupLink {
  readonly projectId: number;
  readonly eventId: string;
  readonly groupId: number;
}

/**
 * The `event_attachments` table. Writes take a whole batch in one statement
 * (plus one read when some keys existed already); lookups are by the
 * indexes the API and post-process use.
 */
export class EventAttachmentStore {
  constructor(private readonly pool: Pool) {}

  /**
   * Inserts attachments that are not stored yet, by natural key
   * (project, event, attachment id). One result per attachment, in order;
   * transient database errors are thrown (retry the batch).
   */
  async insert(attachments: readonly NewEventAttachment[]): Promise<EventAttachmentWrite[]> {
    const written = await writeIsolatingFailures(attachments, (some) => this.insertAll(some));
    return written.map((result) =>
      result instanceof Error ? { kind: 'failed', error: result } : result,
    );
  }

  /** Stored attachments among these natural keys, keyed `projectId:eventId:attachmentId`. */
  async findByKeys(
    keys: readonly EventAttachmentKey[],
  ): Promise<Map<string, StoredEventAttachment>> {
    if (keys.length === 0) return new Map();
    const { rows } = await this.pool.query<AttachmentRow>(
      `SELECT ${ATTACHMENT_COLUMNS} FROM event_attachments
        WHERE (project_id, event_id, attachment_id) IN
              (SELECT * FROM unnest($1::bigint[], $2::char(32)[], $3::char(32)[]))`,
      [keys.map((k) => k.projectId), keys.map((k) => k.eventId), keys.map((k) => k.attachmentId)],
    );
    return new Map(rows.map((row) => [attachmentKey(keyOfRow(row)), toStoredAttachment(row)]));
  }

  /** The attachments of one event, by name (then id), as the reference lists them. */
  async listByEvent(projectId: number, eventId: string): Promise<StoredEventAttachment[]> {
    const { rows } = await this.pool.query<AttachmentRow>(
      `SELECT ${ATTACHMENT_COLUMNS} FROM event_attachments
        WHERE project_id = $1 AND event_id = $2 ORDER BY name, id`,
      [projectId, eventId],
    );
    return rows.map(toStoredAttachment);
  }

  /** One attachment by its API id, only within its project (another project's id finds nothing). */
  async get(projectId: number, id: number): Promise<StoredEventAttachment | null> {
    const { rows } = await this.pool.query<AttachmentRow>(
      `SELECT ${ATTACHMENT_COLUMNS} FROM event_attachments WHERE project_id = $1 AND id = $2`,
      [projectId, id],
    );
    const [row] = rows;
    return row ? toStoredAttachment(row) : null;
  }

  /**
   * Removes one attachment and returns it (to delete its blob), or null when
   * it was not there. A blob key names one row only when it is derived from
   * the natural key, as ingest-attachments does.
   */
  async delete(projectId: number, id: number): Promise<StoredEventAttachment | null> {
    const { rows } = await this.pool.query<AttachmentRow>(
      `DELETE FROM event_attachments WHERE project_id = $1 AND id = $2 RETURNING ${ATTACHMENT_COLUMNS}`,
      [projectId, id],
    );
    const [row] = rows;
    return row ? toStoredAttachment(row) : null;
  }

  /**
   * Sets the group of every attachment of these events that has no group yet
   * (one statement for the whole batch); an attachment already linked keeps
   * its group. Returns how many rows changed. Post-process's
   * `update_existing_attachments` and the feedback-issue link use it.
   */
  async assignGroup(links: readonly EventGroupLink[]): Promise<number> {
    if (links.length === 0) return 0;
    const { rowCount } = await this.pool.query(
      `UPDATE event_attachments AS a SET group_id = l.group_id
         FROM unnest($1::bigint[], $2::char(32)[], $3::bigint[]) AS l(project_id, event_id, group_id)
        WHERE a.project_id = l.project_id AND a.event_id = l.event_id AND a.group_id IS NULL`,
      [links.map((l) => l.projectId), links.map((l) => l.eventId), links.map((l) => l.groupId)],
    );
    return rowCount ?? 0;
  }

  private async insertAll(
    attachments: readonly NewEventAttachment[],
  ): Promise<EventAttachmentWrite[]> {
    // DO NOTHING also lets one batch hold the same key twice: the second copy is a conflict like any other.
    const { rows } = await this.pool.query<AttachmentRow>(
      `INSERT INTO event_attachments
         (project_id, event_id, attachment_id, group_id, type, name, content_type, size, sha1, blob_key, date_added)
       SELECT * FROM unnest($1::bigint[], $2::char(32)[], $3::char(32)[], $4::bigint[], $5::text[], $6::text[],
                            $7::text[], $8::bigint[], $9::char(40)[], $10::text[], $11::timestamptz[])
       ON CONFLICT (project_id, event_id, attachment_id) DO NOTHING
       RETURNING ${ATTACHMENT_COLUMNS}`,
      [
        attachments.map((a) => a.projectId),
        attachments.map((a) => a.eventId),
        attachments.map((a) => a.attachmentId),
        attachments.map((a) => a.groupId),
        attachments.map((a) => a.type),
        attachments.map((a) => a.name),
        attachments.map((a) => a.contentType),
        attachments.map((a) => a.size),
        attachments.map((a) => a.sha1),
        attachments.map((a) => a.blobKey),
        attachments.map((a) => a.dateAdded.toISOString()),
      ],
    );
    const inserted = new Map(rows.map((row) => [attachmentKey(keyOfRow(row)), row]));
    const missing = attachments.filter((a) => !inserted.has(attachmentKey(a)));
    // A new statement: also sees a row another consumer committed while ours ran.
    const existing = await this.findByKeys(missing);
    const claimed = new Set<string>();
    return attachments.map((attachment): EventAttachmentWrite => {
      const key = attachmentKey(attachment);
      const row = inserted.get(key);
      if (row && !claimed.has(key)) {
        claimed.add(key);
        return { kind: 'inserted', attachment: toStoredAttachment(row) };
      }
      const stored = existing.get(key) ?? (row ? toStoredAttachment(row) : undefined);
      if (!stored) throw new Error(`attachment ${key} neither written nor found`);
      return { kind: 'existing', attachment: stored };
    });
  }
}

const keyOfRow = (row: AttachmentRow): EventAttachmentKey => ({
  projectId: Number(row.project_id),
  eventId: row.event_id,
  attachmentId: row.attachment_id,
});
