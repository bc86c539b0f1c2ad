import type { ClickHouseMigration } from '@issuestream/storage';
import type { Migration } from '@issuestream/storage';

/** Postgres tables of the issue platform: groups, their hashes, processed occurrences and the node store. */
export const issueMigrations: Migration[] = [
  {
    version: 1,
    name: 'groups, group hashes, occurrences, node store',
    up: `
      CREATE TABLE groups (
        id bigserial PRIMARY KEY,
        project_id bigint NOT NULL,
        type integer NOT NULL,
        primary_hash char(32) NOT NULL,
        status smallint NOT NULL,
        substatus smallint,
        times_seen bigint NOT NULL,
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        level smallint,
        title text NOT NULL,
        culprit text NOT NULL,
        message text NOT NULL,
        priority smallint,
        platform text,
        metadata jsonb NOT NULL,
        resolved_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX groups_project_type ON groups (project_id, type);
      CREATE TABLE group_hashes (
        project_id bigint NOT NULL,
        hash char(32) NOT NULL,
        group_id bigint REFERENCES groups (id),
        PRIMARY KEY (project_id, hash)
      );
      -- One row per occurrence id ever processed: the durable idempotency key.
      CREATE TABLE issue_occurrences (
        id uuid PRIMARY KEY,
        project_id bigint NOT NULL,
        group_id bigint REFERENCES groups (id),
        type integer NOT NULL,
        fingerprint_hash char(32) NOT NULL,
        event_id char(32) NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX issue_occurrences_group ON issue_occurrences (group_id);
      -- Payloads by node id (occurrence bodies, events), like the reference's nodestore.
      CREATE TABLE nodestore (
        id text PRIMARY KEY,
        data jsonb NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now()
      );`,
  },
  {
    version: 2,
    name: 'nodestore documents as opaque text, ids compared bytewise',
    // Documents are written and read whole, never queried inside: parsing each into jsonb was the costliest
    // step of a new issue's writes. Node ids are hex digests, so byte order serves as well as a collation.
    up: `
      ALTER TABLE nodestore
        ALTER COLUMN id TYPE text COLLATE "C",
        ALTER COLUMN data TYPE text USING data::text;`,
  },
  {
    version: 3,
    name: 'issue_occurrences without the group foreign key and index',
    // The table is the idempotency log of processed occurrence ids, looked up by id only. Its issue is written
    // in the same transaction by the same code, so the foreign key only added a locking check of the group row
    // per occurrence, and the index on group_id (which served only that key) an index insert.
    up: `
      ALTER TABLE issue_occurrences DROP CONSTRAINT issue_occurrences_group_id_fkey;
      DROP INDEX issue_occurrences_group;`,
  },
  {
    version: 4,
    name: 'nodestore documents compressed with lz4',
    // Every event document (7-15 KB of JSON) is compressed when stored; pglz, the default, cost Postgres
    // 180-240 us per document against 25-40 us for lz4, which stores them about 15% larger. Rows
    // written before keep their pglz data (both stay readable).
    up: `ALTER TABLE nodestore ALTER COLUMN data SET COMPRESSION lz4;`,
  },
  {
    version: 5,
    name: 'feedback occurrences by event',
    // A feedback screenshot (ingest-attachments) finds its feedback issue by the feedback's event id.
    // Partial: only feedback (group type 6001) pays the index insert; the other types' hot path is unchanged.
    up: `CREATE INDEX issue_occurrences_feedback_event ON issue_occurrences (project_id, event_id) WHERE type = 6001;`,
  },
];

/** ClickHouse: one searchable row per occurrence; replays collapse on the occurrence id. */
export const searchIssuesMigrations: ClickHouseMigration[] = [
  {
    version: 1,
    name: 'search_issues',
    up: `
      CREATE TABLE IF NOT EXISTS search_issues (
        occurrence_id UUID,
        project_id UInt64,
        group_id UInt64,
        type UInt32,
        event_id String,
        title String,
        subtitle String,
        culprit String,
        level LowCardinality(String),
        fingerprint_hash String,
        environment LowCardinality(String),
        release String,
        tags Map(String, String),
        resource_id Nullable(String),
        evidence_data String,
        evidence_display String,
        detection_time DateTime64(3, 'UTC'),
        receive_time DateTime64(3, 'UTC'),
        version UInt64
      )
      ENGINE = ReplacingMergeTree(version)
      ORDER BY (project_id, type, occurrence_id)`,
  },
  {
    version: 2,
    name: 'search_issues: a copy in time order',
    // The issue stream asks for the newest occurrences of a type across an organisation's projects, then
    // for those few issues' newest rows. In the table's own order both scan every row of the projects; the
    // projection keeps the rows in (type, detection_time) order, so ClickHouse reads the newest granules
    // backwards and stops once the page is full, and finds a page's rows by their time range
    // (1M issues: ~10 ms instead of ~150 ms each). It stores the table a second time, which feedback's
    // volumes afford. A ReplacingMergeTree drops projections on merge unless told to rebuild them.
    up: [
      `ALTER TABLE search_issues MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild'`,
      `ALTER TABLE search_issues ADD PROJECTION IF NOT EXISTS stream_by_time (SELECT * ORDER BY type, detection_time)`,
      `ALTER TABLE search_issues MATERIALIZE PROJECTION stream_by_time`,
    ],
  },
];
