import type { ClickHouseClient } from '@clickhouse/client';
import { uniqueName } from '../test/test-env';
import { createClickHouse } from '@issuestream/storage';
import { migrateClickHouse } from '@issuestream/storage';
import { searchIssuesMigrations } from './issue-migrations';
import { insertSearchIssues, listSearchIssues, type SearchIssueRow } from './search-issues';

const row = (n: number, overrides: Partial<SearchIssueRow> = {}): SearchIssueRow => ({
  occurrence_id: `${String(n).padStart(8, '0')}aaaabbbbccccdddddddddddd`,
  project_id: 7,
  group_id: 1000 + n,
  type: 6001,
  event_id: `${String(n).padStart(8, '0')}eeeeeeeeeeeeeeeeeeeeeeee`,
  title: `User Feedback: "quoted" \\ naïve ${n}`,
  subtitle: 'line one\nline two',
  culprit: 'user',
  level: 'info',
  fingerprint_hash: 'f'.repeat(32),
  environment: 'production',
  release: 'frontend@1.0.0',
  tags: { 'user.email': `u${n}@example.com`, url: 'https://example.com/?a=1&b=2' },
  resource_id: null,
  evidence_data: JSON.stringify({ message: 'hello' }),
  evidence_display: JSON.stringify([{ name: 'message', value: 'hello', important: true }]),
  detection_time: Date.UTC(2026, 0, 2, 3, 4, 5, 678) + n,
  receive_time: Date.UTC(2026, 0, 2, 3, 4, 6, 789) + n,
  ...overrides,
});

/** How ClickHouse hands a row back: dashed UUIDs, date-times as UTC text with milliseconds. */
const asRead = (r: SearchIssueRow) => ({
  ...r,
  occurrence_id: r.occurrence_id.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
  detection_time: new Date(r.detection_time).toISOString().replace('T', ' ').replace('Z', ''),
  receive_time: new Date(r.receive_time).toISOString().replace('T', ' ').replace('Z', ''),
});

describe('search issue rows (embedded ClickHouse)', () => {
  const database = uniqueName('st_search_issues');
  let ch: ClickHouseClient;

  beforeAll(async () => {
    ch = await createClickHouse({ path: ':memory:', database });
    await migrateClickHouse(ch, searchIssuesMigrations, { table: 'issue_schema_migrations' });
  });
  afterAll(async () => {
    await ch.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await ch.close();
  });

  it('reads back every column of the inserted rows, newest first', async () => {
    const rows = [row(1), row(2, { resource_id: 'resource-2', tags: {} })];
    await insertSearchIssues(ch, rows);
    expect(await listSearchIssues(ch, { projectIds: [7] })).toEqual([...rows].reverse().map(asRead));
  });

  it('keeps the newest write of a replayed occurrence', async () => {
    await insertSearchIssues(ch, [row(3, { project_id: 8, title: 'first write' })]);
    await insertSearchIssues(ch, [row(3, { project_id: 8, title: 'replayed write' })]);
    expect((await listSearchIssues(ch, { projectIds: [8] })).map((r) => r.title)).toEqual(['replayed write']);
  });

  it('reads several projects in one query, and only those', async () => {
    await insertSearchIssues(ch, [row(4, { project_id: 9 }), row(5, { project_id: 10 }), row(6, { project_id: 11 })]);
    const rows = await listSearchIssues(ch, { projectIds: [9, 11] });
    expect(rows.map((r) => r.project_id).sort()).toEqual([11, 9].sort());
  });
});
