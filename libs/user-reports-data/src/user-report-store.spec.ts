import { migrate } from '@issuestream/storage';
import { createTestSchema, type TestSchema } from '@issuestream/testing';
import type { Pool } from 'pg';
import { USER_REPORT_MIGRATIONS_TABLE, userReportMigrations } from './user-report-migrations';
import type { NewUserReport } from './user-report-rows';
import { UserReportStore } from './user-report-store';

const MINUTE = 60_000;
const hex = (c: string) => c.repeat(32);

describe('UserReportStore (Postgres)', () => {
  let testSchema: TestSchema;
  let pool: Pool;
  let store: UserReportStore;
  let projectId = 0;

  beforeAll(async () => {
    testSchema = await createTestSchema('st_user_reports', 'user-reports-spec');
    pool = testSchema.pool;
    await migrate(pool, userReportMigrations, { table: USER_REPORT_MIGRATIONS_TABLE });
    store = new UserReportStore(pool);
  });
  afterAll(() => testSchema.drop());
  beforeEach(() => {
    projectId += 1;
  });

  const now = new Date('2025-06-01T12:00:00.000Z');
  const since = new Date(now.getTime() - 5 * MINUTE);
  const report = (overrides: Partial<NewUserReport> = {}): NewUserReport => ({
    projectId,
    eventId: hex('a'),
    groupId: null,
    environmentId: 7,
    name: 'Jane',
    email: 'jane@example.com',
    comments: 'It broke',
    dateAdded: now,
    ...overrides,
  });

  it('inserts a batch in one go and reads the rows back', async () => {
    const results = await store.save(
      [report(), report({ eventId: hex('b'), name: '', email: '', environmentId: null })],
      { overwriteAddedSince: since },
    );
    expect(results.map((r) => r.kind)).toEqual(['inserted', 'inserted']);
    const rows = await store.find([
      { projectId, eventId: hex('a') },
      { projectId, eventId: hex('b') },
      { projectId, eventId: hex('c') },
    ]);
    expect(rows.size).toBe(2);
    expect(rows.get(`${projectId}:${hex('a')}`)).toEqual({
      ...report(),
      id: (results[0] as { id: number }).id,
    });
    expect(rows.get(`${projectId}:${hex('b')}`)).toMatchObject({
      name: '',
      email: '',
      environmentId: null,
      groupId: null,
    });
  });

  it('reports a replay as unchanged and writes nothing', async () => {
    const [first] = await store.save([report()], { overwriteAddedSince: since });
    // Long after the overwrite window: still a replay, not a conflicting report.
    const [again] = await store.save([report()], {
      overwriteAddedSince: new Date(now.getTime() + 60 * MINUTE),
    });
    expect(again).toEqual({ kind: 'unchanged', id: (first as { id: number }).id });
  });

  it('overwrites a recent report and keeps an old one', async () => {
    await store.save(
      [
        report({ eventId: hex('c') }),
        report({ eventId: hex('d'), dateAdded: new Date(now.getTime() - 10 * MINUTE) }),
      ],
      { overwriteAddedSince: since },
    );
    const results = await store.save(
      [
        report({ eventId: hex('c'), comments: 'Still broken', name: 'J.' }),
        report({ eventId: hex('d'), comments: 'Changed my mind' }),
      ],
      { overwriteAddedSince: since },
    );
    expect(results.map((r) => r.kind)).toEqual(['updated', 'kept']);
    const rows = await store.find([
      { projectId, eventId: hex('c') },
      { projectId, eventId: hex('d') },
    ]);
    expect(rows.get(`${projectId}:${hex('c')}`)).toMatchObject({
      comments: 'Still broken',
      name: 'J.',
      dateAdded: now,
    });
    expect(rows.get(`${projectId}:${hex('d')}`)).toMatchObject({ comments: 'It broke' });
  });

  it('writes reports for the same event within one batch in order', async () => {
    const results = await store.save(
      [report({ comments: 'one' }), report({ comments: 'two' }), report({ comments: 'two' })],
      { overwriteAddedSince: since },
    );
    expect(results.map((r) => r.kind)).toEqual(['inserted', 'updated', 'unchanged']);
    expect(
      (await store.find([{ projectId, eventId: hex('a') }])).get(`${projectId}:${hex('a')}`)
        ?.comments,
    ).toBe('two');
  });

  it('fails only the reports Postgres refuses', async () => {
    const results = await store.save(
      [
        report({ eventId: hex('e') }),
        report({ eventId: hex('f'), comments: 'nul \u0000 inside' }),
        report({ eventId: 'NOT-HEX' }),
        report({ eventId: hex('9') }),
      ],
      { overwriteAddedSince: since },
    );
    expect(results.map((r) => r.kind)).toEqual(['inserted', 'failed', 'failed', 'inserted']);
    const { rows } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM user_reports WHERE project_id = $1',
      [projectId],
    );
    expect(rows[0]?.n).toBe(2);
  });
});
