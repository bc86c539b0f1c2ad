import type { Migration } from '@issuestream/storage';

/** History table of the read-side migrations (apply after `issueMigrations`). */
export const ISSUE_READ_MIGRATIONS_TABLE = 'issue_read_migrations';

/** What reading and triaging issues adds to the issue tables: who has seen an issue, and a status index. */
export const issueReadMigrations: Migration[] = [
  {
    version: 1,
    name: 'group_seen, groups by type and status',
    // Seen state belongs to whoever reads: here an API token (the only identity the api has), so
    // two people with their own tokens keep their own unread markers. The index serves the issue
    // search's status candidates (e.g. the spam mailbox: the few ignored feedback of an organisation).
    up: `
      CREATE TABLE group_seen (
        group_id bigint NOT NULL,
        viewer_id bigint NOT NULL,
        last_seen timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (viewer_id, group_id)
      );
      CREATE INDEX groups_type_status_project ON groups (type, status, project_id);`,
  },
];
