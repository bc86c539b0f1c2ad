import type { Migration } from '@issuestream/storage';

/** History table of the post-process migrations (apply with `migrate(pool, postProcessMigrations, { table })`). */
export const POST_PROCESS_MIGRATIONS_TABLE = 'post_process_migrations';

export const postProcessMigrations: Migration[] = [
  {
    version: 1,
    name: 'deferred steps',
    up: `
      -- A step that kept failing for an event while its batch was processed:
      -- the event as the step reads it, retried later with backoff so the
      -- partition moves on without losing the step.
      CREATE TABLE post_process_deferred (
        project_id bigint NOT NULL,
        event_id char(32) NOT NULL,
        step text NOT NULL,
        event jsonb NOT NULL,
        attempts integer NOT NULL DEFAULT 1,
        next_attempt_at timestamptz NOT NULL,
        last_error text NOT NULL,
        deferred_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, event_id, step)
      );
      CREATE INDEX post_process_deferred_due ON post_process_deferred (next_attempt_at);
    `,
  },
];
