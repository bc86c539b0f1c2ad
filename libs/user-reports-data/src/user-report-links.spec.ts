import { migrate, withTransaction } from '@issuestream/storage';
import { createTestSchema, type TestSchema } from '@issuestream/testing';
import type { Pool } from 'pg';
import { USER_REPORT_MIGRATIONS_TABLE, userReportMigrations } from './user-report-migrations';
import { keysWithUnlinkedReports, linkReports, lockUnlinkedReports, relinkReports, unlinkedReportsAddedBetween } from './user-report-links';
import { UserReportStore } from './user-report-store';

const hex = (c: string) => c.repeat(32);

describe('user report links (Postgres)', () => {
  let testSchema: TestSchema;
  let pool: Pool;

  beforeAll(async () => {
    testSchema = await createTestSchema('st_report_links', 'report-links-spec');
    pool = testSchema.pool;
    await migrate(pool, userReportMigrations, { table: USER_REPORT_MIGRATIONS_TABLE });
    const added = new Date('2026-01-01T12:00:00.000Z');
    await new UserReportStore(pool).save(
      ['a', 'b', 'c'].map((c, i) => ({ projectId: 1, eventId: hex(c), groupId: c === 'c' ? 5 : null, environmentId: c === 'b' ? 9 : null, name: 'n', email: 'e', comments: `r${i}`, dateAdded: added })),
      { overwriteAddedSince: added },
    );
  });
  afterAll(() => testSchema.drop());

  it('finds reports without an issue, links them once, and a second linker finds none', async () => {
    const keys = ['a', 'b', 'c', 'd'].map((c) => ({ projectId: 1, eventId: hex(c) }));
    expect([...(await keysWithUnlinkedReports(pool, keys))].sort()).toEqual([`1:${hex('a')}`, `1:${hex('b')}`]);
    const window = { from: new Date('2026-01-01T00:00:00.000Z'), to: new Date('2026-01-02T00:00:00.000Z') };
    expect((await unlinkedReportsAddedBetween(pool, window, { afterId: 0, limit: 10 })).map((r) => r.eventId)).toEqual([hex('a'), hex('b')]);
    await withTransaction(pool, async (client) => {
      const locked = await lockUnlinkedReports(client, keys);
      expect(locked.map((r) => [r.eventId, r.environmentId])).toEqual([[hex('a'), null], [hex('b'), 9]]);
      expect(await linkReports(client, locked.map((r) => ({ id: r.id, groupId: 7, environmentId: 3 })))).toBe(2);
    });
    await withTransaction(pool, async (client) => expect(await lockUnlinkedReports(client, keys)).toEqual([]));
    expect(await unlinkedReportsAddedBetween(pool, window, { afterId: 0, limit: 10 })).toEqual([]);
  });

  it('moves every report of a reprocessed event, linked or not, and changes nothing the second time', async () => {
    const moves = [{ projectId: 1, eventId: hex('c'), groupId: 8, environmentId: 4 }];
    expect(await relinkReports(pool, moves)).toBe(1);
    expect(await relinkReports(pool, moves)).toBe(0);
  });
});
