import type { Migration } from '@issuestream/storage';

/** History table of the user-report migrations (apply with `migrate(pool, userReportMigrations, { table })`). */
export const USER_REPORT_MIGRATIONS_TABLE = 'user_report_migrations';

/**
 * User reports: feedback tied to one error event, at most one per (project,
 * event). Lengths are the reference model's; the code validates them first,
 * the constraints keep hand-written rows honest. Project, group and
 * environment ids are plain columns (as for the issue tables): the feedback
 * consumer must not fail on a project deleted while its messages were queued.
 */
export const userReportMigrations: Migration[] = [
  {
    version: 1,
    name: 'user_reports',
    up: `
      CREATE TABLE user_reports (
        id bigserial PRIMARY KEY,
        project_id bigint NOT NULL,
        group_id bigint NULL,
        event_id char(32) NOT NULL CHECK (event_id ~ '^[0-9a-f]{32}$'),
        environment_id bigint NULL,
        name varchar(128) NOT NULL,
        email varchar(75) NOT NULL,
        comments text NOT NULL CHECK (char_length(comments) <= 4096),
        date_added timestamptz NOT NULL DEFAULT now(),
        UNIQUE (project_id, event_id)
      );
      CREATE INDEX user_reports_project_date_added ON user_reports (project_id, date_added);
      CREATE INDEX user_reports_group_id ON user_reports (group_id);
    `,
  },
];
