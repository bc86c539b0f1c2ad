import type { ClickHouseClient } from '@clickhouse/client';
import { uniqueName } from '../../test/test-env';
import {
  InvalidMigrationListError,
  MigrationChangedError,
  MigrationFailedError,
} from '../migrations/migration-errors';
import { createClickHouse } from './create-clickhouse';
import { migrateClickHouse, type ClickHouseMigration } from './migrate-clickhouse';

const MIGRATIONS: ClickHouseMigration[] = [
  {
    version: 1,
    name: 'create_events',
    up: `CREATE TABLE IF NOT EXISTS events (
           project_id UInt64, event_id UUID, version UInt64
         ) ENGINE = ReplacingMergeTree(version) ORDER BY (project_id, event_id)`,
  },
  {
    version: 2,
    name: 'events_message_and_links',
    up: [
      'ALTER TABLE events ADD COLUMN IF NOT EXISTS message String',
      `CREATE TABLE IF NOT EXISTS replay_links (replay_id UUID, event_id UUID)
         ENGINE = ReplacingMergeTree ORDER BY (replay_id, event_id)`,
    ],
  },
];

describe('migrateClickHouse (embedded chDB)', () => {
  let ch: ClickHouseClient;
  const databases: string[] = [];

  const openFresh = async (): Promise<void> => {
    const database = uniqueName('st_chmig');
    databases.push(database);
    await ch.command({ query: `CREATE DATABASE ${database}` });
    await ch.command({ query: `USE ${database}` });
  };
  const history = async () =>
    (
      await ch.query({
        query: 'SELECT version, name FROM schema_migrations FINAL ORDER BY version',
        format: 'JSONEachRow',
      })
    ).json<{ version: number; name: string }>();
  const tables = async () =>
    (
      await ch.query({
        query: 'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name',
        format: 'JSONEachRow',
      })
    ).json<{ name: string }>();

  beforeAll(async () => {
    ch = await createClickHouse({ path: ':memory:', database: uniqueName('st_chmig_home') });
  });

  afterAll(async () => {
    for (const db of databases) await ch.command({ query: `DROP DATABASE IF EXISTS ${db}` });
    await ch.close();
  });

  it('applies migrations in order, including multi-statement ones, and records them', async () => {
    await openFresh();
    const result = await migrateClickHouse(ch, [MIGRATIONS[1]!, MIGRATIONS[0]!]);
    expect(result.applied.map((m) => m.version)).toEqual([1, 2]);
    expect(await history()).toEqual([
      { version: 1, name: 'create_events' },
      { version: 2, name: 'events_message_and_links' },
    ]);
    expect((await tables()).map((t) => t.name)).toEqual([
      'events',
      'replay_links',
      'schema_migrations',
    ]);
  });

  it('is a no-op when run again', async () => {
    await openFresh();
    await migrateClickHouse(ch, MIGRATIONS);
    const again = await migrateClickHouse(ch, MIGRATIONS);
    expect(again).toEqual({ applied: [], alreadyApplied: [1, 2] });
  });

  it('tolerates two runners at once: idempotent DDL, one history row per version under FINAL', async () => {
    await openFresh();
    const results = await Promise.all([
      migrateClickHouse(ch, MIGRATIONS),
      migrateClickHouse(ch, MIGRATIONS),
    ]);
    expect(results.every((r) => r.applied.length + r.alreadyApplied.length === 2)).toBe(true);
    expect(await history()).toEqual([
      { version: 1, name: 'create_events' },
      { version: 2, name: 'events_message_and_links' },
    ]);
    expect(await migrateClickHouse(ch, MIGRATIONS)).toEqual({
      applied: [],
      alreadyApplied: [1, 2],
    });
  });

  it('refuses an edited migration', async () => {
    await openFresh();
    await migrateClickHouse(ch, MIGRATIONS);
    const edited = [
      MIGRATIONS[0]!,
      { ...MIGRATIONS[1]!, up: ['ALTER TABLE events ADD COLUMN IF NOT EXISTS title String'] },
    ];
    await expect(migrateClickHouse(ch, edited)).rejects.toThrow(MigrationChangedError);
  });

  it('reports a failing statement with its migration, leaving it pending', async () => {
    await openFresh();
    const broken: ClickHouseMigration = {
      version: 3,
      name: 'broken',
      up: 'ALTER TABLE nowhere ADD COLUMN x UInt8',
    };
    const err = await migrateClickHouse(ch, [...MIGRATIONS, broken]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationFailedError);
    expect(String(err)).toMatch(/Migration 3 "broken" failed/);
    expect((await history()).map((h) => h.version)).toEqual([1, 2]);
  });

  it('keeps its history where told, and validates the list', async () => {
    await openFresh();
    const elsewhere = uniqueName('st_chmig_hist');
    databases.push(elsewhere);
    await migrateClickHouse(ch, MIGRATIONS, { table: `${elsewhere}.event_migrations` });
    const recorded = await (
      await ch.query({
        query: `SELECT count() AS n FROM ${elsewhere}.event_migrations FINAL`,
        format: 'JSONEachRow',
      })
    ).json<{ n: string }>();
    expect(recorded).toEqual([{ n: '2' }]);
    await expect(migrateClickHouse(ch, [MIGRATIONS[0]!, MIGRATIONS[0]!])).rejects.toThrow(
      InvalidMigrationListError,
    );
  });
});
