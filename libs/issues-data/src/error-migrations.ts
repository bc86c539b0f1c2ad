import type { ClickHouseMigration, Migration } from '@issuestream/storage';

/**
 * Postgres tables of the errors pipeline, next to the shared issue tables
 * (apply after `issueMigrations`; they reference `groups`). Kept in their own
 * list and history table so the two lists evolve independently.
 */
export const errorEventMigrations: Migration[] = [
  {
    version: 1,
    name: 'error events, group environments',
    up: `
      -- One row per (project, event id) ever stored: the durable dedupe key, and
      -- what the eventstream message said, so a delivery interrupted after the
      -- commit can send it again without counting the event twice.
      CREATE TABLE error_events (
        project_id bigint NOT NULL,
        event_id char(32) NOT NULL,
        group_id bigint NOT NULL REFERENCES groups (id),
        primary_hash char(32) NOT NULL,
        is_new boolean NOT NULL,
        is_regression boolean NOT NULL,
        is_new_group_environment boolean NOT NULL,
        streamed boolean NOT NULL DEFAULT false,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, event_id)
      );
      CREATE INDEX error_events_unstreamed ON error_events (project_id, event_id) WHERE NOT streamed;
      CREATE TABLE group_environments (
        group_id bigint NOT NULL REFERENCES groups (id),
        environment text NOT NULL,
        first_seen timestamptz NOT NULL,
        PRIMARY KEY (group_id, environment)
      );`,
  },
  {
    version: 2,
    name: 'error events: occurred at, environment',
    // What a user report about the event needs (the 30-minute age limit, the
    // report's environment) without reading the event's document. Nullable:
    // rows written before this migration have neither; readers fall back to
    // the nodestore document. Adding nullable columns rewrites nothing.
    up: `
      ALTER TABLE error_events ADD COLUMN occurred_at timestamptz NULL, ADD COLUMN environment text NULL;`,
  },
  {
    version: 3,
    name: 'error_events without the group foreign key and the unstreamed index',
    // Every stored event writes a row here. Its issue is written in the same transaction by the same code, so
    // the foreign key only added a locking check of the group row per event; no query reads the partial index
    // (lookups and the streamed mark go by primary key), which cost an index insert per event and made every
    // streamed mark a non-HOT update (a predicate column changes).
    up: `
      ALTER TABLE error_events DROP CONSTRAINT error_events_group_id_fkey;
      DROP INDEX error_events_unstreamed;`,
  },
];

/** ClickHouse: one searchable row per error event; a replay collapses on (project, event id). */
export const errorsClickHouseMigrations: ClickHouseMigration[] = [
  {
    version: 1,
    name: 'errors',
    up: `
      CREATE TABLE IF NOT EXISTS errors (
        project_id UInt64,
        event_id String,
        group_id UInt64,
        timestamp DateTime64(3, 'UTC'),
        received DateTime64(3, 'UTC'),
        platform LowCardinality(String),
        environment LowCardinality(String),
        release String,
        dist String,
        level LowCardinality(String),
        title String,
        culprit String,
        message String,
        primary_hash String,
        exception_types Array(String),
        exception_values Array(String),
        tags Map(String, String),
        user_id String,
        user_email String,
        user_name String,
        ip_address String,
        trace_id String,
        replay_id String,
        sdk_name String,
        sdk_version String,
        version UInt64
      )
      ENGINE = ReplacingMergeTree(version)
      ORDER BY (project_id, event_id)`,
  },
];
