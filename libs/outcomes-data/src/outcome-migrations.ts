import type { ClickHouseMigration } from '@issuestream/storage';

export const OUTCOMES_MIGRATIONS_TABLE = 'outcomes_schema_migrations';

/**
 * `outcomes_hourly`: outcome counts per organisation, project, hour,
 * category, outcome and reason, plus the Kafka partition they were read from
 * and the highest offset a row covers. Rows are partial sums (each batch adds
 * its own), so readers always `sum()`; merges fold them together.
 *
 * No PARTITION BY on purpose: an INSERT of one batch then lands as a single
 * part, so its counts and its offset watermark become visible together or not
 * at all (what makes replays idempotent, see outcome-writer.ts). The
 * projection keeps the watermark read to a few rows however large the table
 * (rebuilt on merges, which ClickHouse requires for this engine; the setting
 * needs ClickHouse 24.8 or later).
 */
export const outcomesClickHouseMigrations: ClickHouseMigration[] = [
  {
    version: 1,
    name: 'outcomes_hourly',
    up: `
      CREATE TABLE IF NOT EXISTS outcomes_hourly (
        org_id UInt64,
        project_id UInt64,
        hour DateTime('UTC'),
        category UInt16,
        outcome UInt8,
        reason LowCardinality(String),
        source_topic LowCardinality(String),
        source_partition UInt32,
        quantity SimpleAggregateFunction(sum, UInt64),
        times_seen SimpleAggregateFunction(sum, UInt64),
        source_offset SimpleAggregateFunction(max, UInt64),
        PROJECTION offset_watermarks (
          SELECT source_topic, source_partition, max(source_offset) GROUP BY source_topic, source_partition
        )
      ) ENGINE = AggregatingMergeTree
      ORDER BY (org_id, hour, project_id, category, outcome, reason, source_topic, source_partition)
      SETTINGS deduplicate_merge_projection_mode = 'rebuild'`,
  },
];
