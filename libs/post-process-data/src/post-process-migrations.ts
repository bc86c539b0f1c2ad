import type { Migration } from '@issuestream/storage';

/** History table of the post-process migrations (apply with `migrate(pool, postProcessMigrations, { table })`). */
export const POST_PROCESS_MIGRATIONS_TABLE = 'post_process_migrations';

export const postProcessMigrations: Migration[] = [
  {
    version: 1,
    name: 'step markers and deferred steps',
    up: `
      -- One row per (project, event, step) whose effect is committed. The row is
      -- inserted in the transaction that applies the step, so a redelivered
      -- eventstream message finds it and the step is not applied a second time.
      CREATE TABLE post_process_steps (
        project_id bigint NOT NULL,
        event_id char(32) NOT NULL,
        step text NOT NULL,
        done_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, event_id, step)
      );
      CREATE INDEX post_process_steps_done_at ON post_process_steps (done_at);
      -- A step that kept failing for an event while its batch was processed:
      -- the event as the step reads it, retried later with backoff so the
      -- partition moves on.
      CREATE TABLE post_process_deferred (
        project_id bigint NOT NULL,
        event_id char(32) NOT NULL,
        step text NOT NULL,
        event jsonb NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error text NOT NULL,
        deferred_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, event_id, step)
      );
      CREATE INDEX post_process_deferred_due ON post_process_deferred (next_attempt_at);
    `,
  },
  {
    version: 2,
    name: 'no step markers',
    // Every step turned out effectively once by its own state (see the steps in
    // libs/error-post-process), so the markers only cost a write per event and step.
    up: `
      DROP TABLE post_process_steps;
      ALTER TABLE post_process_deferred ALTER COLUMN attempts SET DEFAULT 1;
    `,
  },
];
