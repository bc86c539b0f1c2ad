import type { Migration } from '@issuestream/storage';

/** History table of the alert migrations (apply with `migrate(pool, alertMigrations, { table })`). */
export const ALERT_MIGRATIONS_TABLE = 'alert_migrations';

/**
 * Issue alert rules, the per-(rule, issue) state that enforces each rule's
 * frequency, and the outbox of e-mails still to send. Project and group ids
 * are plain columns, as for the issue tables: a consumer must not fail on a
 * project deleted while its messages were queued.
 */
export const alertMigrations: Migration[] = [
  {
    version: 1,
    name: 'alert_rules_and_outbox',
    up: `
      CREATE TABLE alert_rules (
        id bigserial PRIMARY KEY,
        project_id bigint NOT NULL,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 256),
        trigger text NOT NULL CHECK (trigger IN ('new_issue', 'regression')),
        -- Issue categories the rule applies to (feedback, error, ...); empty = every category.
        categories text[] NOT NULL DEFAULT '{}',
        recipients text[] NOT NULL CHECK (cardinality(recipients) > 0),
        frequency_minutes integer NOT NULL CHECK (frequency_minutes > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX alert_rules_project_id ON alert_rules (project_id);

      -- One row per rule and issue it fired for: when it last fired, and what fired it.
      CREATE TABLE alert_rule_groups (
        rule_id bigint NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
        group_id bigint NOT NULL,
        last_fired_at timestamptz NOT NULL,
        next_allowed_at timestamptz NOT NULL,
        last_trigger_id text NOT NULL,
        PRIMARY KEY (rule_id, group_id)
      );

      -- Every fire is one e-mail here until it is sent (and stays as the fire history).
      CREATE TABLE alert_outbox (
        id bigserial PRIMARY KEY,
        dedupe_key text NOT NULL UNIQUE,
        rule_id bigint NULL REFERENCES alert_rules (id) ON DELETE SET NULL,
        project_id bigint NOT NULL,
        group_id bigint NOT NULL,
        recipients text[] NOT NULL CHECK (cardinality(recipients) > 0),
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz NULL,
        last_error text NULL
      );
      CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at) WHERE sent_at IS NULL;
      CREATE INDEX alert_outbox_group ON alert_outbox (group_id);
    `,
  },
];
