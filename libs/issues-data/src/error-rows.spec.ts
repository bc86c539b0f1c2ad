import type { ClickHouseClient } from '@clickhouse/client';
import { createClickHouse, migrateClickHouse } from '@issuestream/storage';
import { uniqueName } from '../test/test-env';
import { errorsClickHouseMigrations } from './error-migrations';
import { insertErrors, listErrors, type ErrorRow } from './error-rows';

const row = (n: number, overrides: Partial<ErrorRow> = {}): ErrorRow => ({
  project_id: 7, event_id: `${String(n).padStart(8, '0')}${'e'.repeat(24)}`, group_id: 100 + (n % 2),
  timestamp: Date.UTC(2026, 0, 2, 3, 4, 5, 678) + n, received: Date.UTC(2026, 0, 2, 3, 4, 6, 0) + n,
  platform: 'node', environment: 'production', release: 'api@1', dist: '', level: 'error', title: `TypeError: "x" naïve ${n}`,
  culprit: 'handle(app)', message: 'line one\nline two', primary_hash: 'a'.repeat(32), exception_types: ['RangeError', 'TypeError'],
  exception_values: ['inner', 'outer'], tags: { level: 'error', 'sentry:user': 'id:1' }, user_id: '1', user_email: 'a@b.c', user_name: '',
  ip_address: '10.0.0.1', trace_id: 'b'.repeat(32), replay_id: '', sdk_name: 'sentry.javascript.node', sdk_version: '10.0.0',
  ...overrides,
});

describe('errors rows (embedded ClickHouse)', () => {
  const database = uniqueName('st_errors');
  let ch: ClickHouseClient;

  beforeAll(async () => {
    ch = await createClickHouse({ path: ':memory:', database });
    await migrateClickHouse(ch, errorsClickHouseMigrations, { table: 'errors_schema_migrations' });
  });
  afterAll(async () => {
    await ch.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await ch.close();
  });

  it('reads back every column, newest first, filtered by issue or event', async () => {
    const rows = [row(1), row(2), row(3)];
    await insertErrors(ch, rows);
    expect(await listErrors(ch, { projectIds: [7] })).toEqual([...rows].reverse());
    expect((await listErrors(ch, { projectIds: [7], groupIds: [101] })).map((r) => r.event_id)).toEqual([row(3).event_id, row(1).event_id]);
    expect(await listErrors(ch, { projectIds: [7], eventIds: [row(2).event_id] })).toEqual([row(2)]);
  });

  it('keeps one row per event when a batch is written again', async () => {
    await insertErrors(ch, [row(4, { project_id: 8, title: 'first write' })]);
    await insertErrors(ch, [row(4, { project_id: 8, title: 'replayed write' })]);
    expect((await listErrors(ch, { projectIds: [8] })).map((r) => r.title)).toEqual(['replayed write']);
  });
});
