/**
 * The shared group-type registry against the real Postgres, each test in its
 * own schema: durable registration, idempotent re-registration, versioned
 * attribute changes, and races between separate processes.
 */
import { createPgPool } from '@issuestream/storage';
import { startApp, testStackEnv, uniqueName, waitFor } from '@issuestream/testing';
import type { Pool } from 'pg';
import {
  createDefaultRegistry, defineGroupType, DuplicateGroupTypeError, GroupCategory, GroupTypeResolver, GroupTypeStore,
  InvalidGroupTypeError, type GroupTypeDeclaration,
} from '../src';

const databaseUrl = testStackEnv().databaseUrl;
const declaration: GroupTypeDeclaration = {
  typeId: 14001,
  slug: 'queue_backlog',
  description: 'Queue backlog growing',
  category: GroupCategory.PERFORMANCE,
  noiseConfig: { ignoreLimit: 2 },
};

describe('GroupTypeStore (Postgres)', () => {
  let schema: string;
  let admin: Pool;
  let pool: Pool;

  beforeEach(async () => {
    schema = uniqueName('gt');
    admin = createPgPool(databaseUrl, { max: 2 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    pool = createPgPool(databaseUrl, { max: 4, pgConfig: { options: `-c search_path=${schema}` } });
  });

  afterEach(async () => {
    await pool.end();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  });

  const openStore = () => GroupTypeStore.open(pool, { local: createDefaultRegistry() });

  it('registers once; the same declaration again (a restart) is a no-op', async () => {
    const store = await openStore();
    expect((await store.register(defineGroupType(declaration), { owner: 'queue-watch' })).outcome).toBe('registered');
    const again = await (await openStore()).register(defineGroupType({ ...declaration }), { owner: 'queue-watch' });
    expect(again.outcome).toBe('unchanged');
    expect(again.registered.version).toBe(1);
    expect((await store.history('queue_backlog')).map((v) => v.version)).toEqual([1]);
  });

  it('records a new version with who and when when the owner changes mutable attributes', async () => {
    const store = await openStore();
    await store.register(defineGroupType(declaration), { owner: 'queue-watch' });
    const changed = await store.register(defineGroupType({ ...declaration, noiseConfig: { ignoreLimit: 5 } }), { owner: 'queue-watch' });
    expect(changed.outcome).toBe('updated');
    expect(changed.registered.version).toBe(2);
    const released = await store.change(14001, { released: true }, { actor: 'admin:alice' });
    expect(released.version).toBe(3);
    expect(released.type.noiseConfig).toEqual({ ignoreLimit: 5, expirySeconds: 86400 });
    const history = await store.history(14001);
    expect(history.map((v) => [v.version, v.changedBy, v.type.released, v.type.noiseConfig?.ignoreLimit])).toEqual([
      [1, 'queue-watch', false, 2],
      [2, 'queue-watch', false, 5],
      [3, 'admin:alice', true, 5],
    ]);
    expect(history.every((v) => v.changedAt instanceof Date)).toBe(true);
    expect((await store.change('queue_backlog', { released: true }, { actor: 'admin:bob' })).version).toBe(3);
  });

  it('refuses other owners, built-in ids and slugs, and changes of slug or category', async () => {
    const store = await openStore();
    await store.register(defineGroupType(declaration), { owner: 'queue-watch' });
    await expect(store.register(defineGroupType({ ...declaration, typeId: 14002 }), { owner: 'billing' })).rejects.toThrow(
      'cannot register group type 14002 "queue_backlog" (Queue backlog growing) declared by "billing": slug "queue_backlog" is already used by group type 14001 "queue_backlog" (Queue backlog growing) declared by "queue-watch"',
    );
    await expect(store.register(defineGroupType(declaration), { owner: 'billing' })).rejects.toBeInstanceOf(DuplicateGroupTypeError);
    await expect(store.register(defineGroupType({ ...declaration, typeId: 6001, slug: 'mine' }), { owner: 'x' })).rejects.toThrow(
      'type id 6001 is already used by group type 6001 "feedback" (Feedback) declared by "built-in"',
    );
    await expect(store.register(defineGroupType({ ...declaration, slug: 'queue_depth' }), { owner: 'queue-watch' })).rejects.toBeInstanceOf(InvalidGroupTypeError);
    await expect(store.register(defineGroupType({ ...declaration, category: GroupCategory.CRON }), { owner: 'queue-watch' })).rejects.toThrow(
      'category: cannot change once registered',
    );
    expect((await store.list()).map((r) => [r.type.typeId, r.version])).toEqual([[14001, 1]]);
  });

  it('resolves a type registered after the first lookup, and an attribute change within the TTL', async () => {
    const store = await openStore();
    const resolver = await GroupTypeResolver.open(pool, { local: createDefaultRegistry(), ttlMs: 300 });
    expect((await resolver.resolve([6001, 14001])).has(14001)).toBe(false);
    await store.register(defineGroupType(declaration), { owner: 'queue-watch' });
    expect((await resolver.resolve([14001])).get(14001)?.noiseConfig?.ignoreLimit).toBe(2);
    await store.change(14001, { noiseConfig: { ignoreLimit: 7 } }, { actor: 'admin:alice' });
    await waitFor(async () => (await resolver.resolve([14001])).get(14001)?.noiseConfig?.ignoreLimit === 7, { description: 'the new noise config' });
  });

  describe('races between processes', () => {
    const WORKERS = 6;

    async function race(competitors: { owner: string; declaration: GroupTypeDeclaration }[]): Promise<Record<string, string>[]> {
      await GroupTypeStore.open(pool); // tables first, so the race is about the rows
      const barrier = Math.floor(Math.random() * 2 ** 40);
      const gate = await pool.connect();
      await gate.query('SELECT pg_advisory_lock($1::bigint)', [barrier]);
      const running = competitors.map((c) => startWorker(schema, barrier, c.owner, c.declaration));
      try {
        await waitFor(async () => {
          const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1::bigint % 4294967296`, [barrier]);
          return rows[0].n === competitors.length;
        }, { timeoutMs: 90_000, description: `${competitors.length} workers at the barrier` });
      } finally {
        await gate.query('SELECT pg_advisory_unlock($1::bigint)', [barrier]);
        gate.release();
      }
      await Promise.all(running.map((w) => w.exited));
      return running.map((w) => JSON.parse(w.output().trim().split('\n').pop() ?? '{}') as Record<string, string>);
    }

    it('the same id from different services: exactly one wins, the others get DuplicateGroupTypeError naming both', async () => {
      const results = await race(Array.from({ length: WORKERS }, (_, i) => ({ owner: `team-${i}`, declaration: { ...declaration, slug: `queue_backlog_${i}` } })));
      expect(results.filter((r) => r['outcome'] === 'registered')).toHaveLength(1);
      const losers = results.filter((r) => r['error']);
      expect(losers).toHaveLength(WORKERS - 1);
      losers.forEach((r) => expect(r['message']).toMatch(/^cannot register group type 14001 "queue_backlog_\d" .* declared by "team-\d": type id 14001 is already used by group type 14001 "queue_backlog_\d" .* declared by "team-\d"$/));
      expect(losers.every((r) => r['error'] === 'DuplicateGroupTypeError')).toBe(true);
    });

    it('the same slug under different ids: exactly one wins', async () => {
      const results = await race(Array.from({ length: WORKERS }, (_, i) => ({ owner: `team-${i}`, declaration: { ...declaration, typeId: 14100 + i } })));
      expect(results.filter((r) => r['outcome'] === 'registered')).toHaveLength(1);
      expect(results.filter((r) => r['error'] === 'DuplicateGroupTypeError')).toHaveLength(WORKERS - 1);
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM group_types`);
      expect(rows[0].n).toBe(1);
    });

    it('replicas of one service registering the same declaration at once: one registers, the rest find it unchanged', async () => {
      const results = await race(Array.from({ length: WORKERS }, () => ({ owner: 'queue-watch', declaration })));
      expect(results.map((r) => r['outcome']).sort()).toEqual(['registered', ...Array(WORKERS - 1).fill('unchanged')]);
    });
  });
});

function startWorker(schema: string, barrier: number, owner: string, declaration: GroupTypeDeclaration) {
  return startApp('libs/issue-platform/test/register-worker.ts', {
    WORKER_SCHEMA: schema,
    WORKER_BARRIER: String(barrier),
    WORKER_OWNER: owner,
    WORKER_DECLARATION: JSON.stringify(declaration),
  });
}
