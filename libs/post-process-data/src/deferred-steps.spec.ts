import { migrate, withTransaction } from '@issuestream/storage';
import { createTestSchema, type TestSchema } from '@issuestream/testing';
import type { Pool } from 'pg';
import { clearDeferredStep, countDeferredSteps, deferSteps, lockDueSteps, rescheduleStep } from './deferred-steps';
import { POST_PROCESS_MIGRATIONS_TABLE, postProcessMigrations } from './post-process-migrations';

describe('deferred steps (Postgres)', () => {
  let testSchema: TestSchema;
  let pool: Pool;
  const now = new Date('2026-01-01T12:00:00.000Z');
  const later = (ms: number) => new Date(now.getTime() + ms);

  beforeAll(async () => {
    testSchema = await createTestSchema('st_deferred', 'deferred-spec');
    pool = testSchema.pool;
    await migrate(pool, postProcessMigrations, { table: POST_PROCESS_MIGRATIONS_TABLE });
  });
  afterAll(() => testSchema.drop());

  it('parks once, hands out due rows with their event, and records retries and successes', async () => {
    const a = { projectId: 1, eventId: 'a'.repeat(32), event: { level: 'error' } };
    const b = { projectId: 1, eventId: 'b'.repeat(32), event: { level: 'fatal' } };
    await deferSteps(pool, 'step_x', [a, b], 'boom', now);
    await deferSteps(pool, 'step_x', [a], 'boom again', later(60_000));
    expect(await countDeferredSteps(pool)).toEqual(new Map([['step_x', 2]]));
    await withTransaction(pool, async (client) => {
      const due = await lockDueSteps<{ level: string }>(client, now, 10);
      expect(due.map((d) => [d.eventId, d.event.level, d.attempts])).toEqual([[a.eventId, 'error', 1], [b.eventId, 'fatal', 1]]);
      // Another instance sees nothing while these are held.
      await withTransaction(pool, async (other) => expect(await lockDueSteps(other, now, 10)).toEqual([]));
      await rescheduleStep(client, { ...a, step: 'step_x' }, 'still failing', later(30_000));
      await clearDeferredStep(client, { ...b, step: 'step_x' });
    });
    await withTransaction(pool, async (client) => {
      expect(await lockDueSteps(client, now, 10)).toEqual([]);
      expect((await lockDueSteps(client, later(30_000), 10)).map((d) => [d.eventId, d.attempts])).toEqual([[a.eventId, 2]]);
    });
  });
});
