import type { ClickHouseMigration } from '@issuestream/storage';

/** History table of the replay-link migrations (apply with `migrateClickHouse(client, replayLinkMigrations, { table })`). */
export const REPLAY_LINK_MIGRATIONS_TABLE = 'replay_links_schema_migrations';

/**
 * One row per (project, replay, event): the reference's `event_link` rows of
 * its `replays` table, kept in a table of their own since replay segments are
 * not stored here. `event_hash` is the event id's MD5 as a UUID, so a
 * rewritten link collapses onto the first; the level's id column holds the
 * event id and the other four the nil UUID, as the reference writes them.
 */
export const replayLinkMigrations: ClickHouseMigration[] = [
  {
    version: 1,
    name: 'replay_links',
    up: `
      CREATE TABLE IF NOT EXISTS replay_links (
        project_id UInt64,
        replay_id UUID,
        event_hash UUID,
        event_id String,
        level LowCardinality(String),
        timestamp DateTime('UTC'),
        debug_id UUID,
        info_id UUID,
        warning_id UUID,
        error_id UUID,
        fatal_id UUID,
        retention_days UInt16,
        INDEX event_hash_idx event_hash TYPE bloom_filter GRANULARITY 4
      )
      ENGINE = ReplacingMergeTree
      ORDER BY (project_id, replay_id, event_hash)`,
  },
];
