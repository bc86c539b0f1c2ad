import type { Migration } from '@issuestream/storage';

/** History table of the attachment migrations (apply with `migrate(pool, eventAttachmentMigrations, { table })`). */
export const EVENT_ATTACHMENT_MIGRATIONS_TABLE = 'event_attachment_migrations';

/**
 * Attachments of events (error events, feedback, standalone): one row per
 * attachment Relay forwarded. The reference has no unique key and duplicates
 * a row on redelivery; here `(project_id, event_id, attachment_id)` is unique.
 * `attachment_id` is the id Relay gives each attachment item when it splits
 * the envelope: the same in every redelivery of the messages that carry it,
 * different for a second upload of the same file (which the reference also
 * stores twice). Project and group ids are plain columns, like the issue
 * tables: a project deleted while its messages were queued must not fail a batch.
 */
export const eventAttachmentMigrations: Migration[] = [
  {
    version: 1,
    name: 'event_attachments',
    up: `
      CREATE TABLE event_attachments (
        id bigserial PRIMARY KEY,
        project_id bigint NOT NULL,
        event_id char(32) NOT NULL CHECK (event_id ~ '^[0-9a-f]{32}$'),
        attachment_id char(32) NOT NULL CHECK (attachment_id ~ '^[0-9a-f]{32}$'),
        group_id bigint NULL,
        type varchar(64) NOT NULL,
        name text NOT NULL,
        content_type text NOT NULL,
        size bigint NOT NULL CHECK (size >= 0),
        sha1 char(40) NOT NULL CHECK (sha1 ~ '^[0-9a-f]{40}$'),
        blob_key text NULL,
        date_added timestamptz NOT NULL DEFAULT now(),
        UNIQUE (project_id, event_id, attachment_id)
      );
      CREATE INDEX event_attachments_project_date_added ON event_attachments (project_id, date_added);
      CREATE INDEX event_attachments_group_id ON event_attachments (group_id);
    `,
  },
];
