import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { ensureTestDatabase, TEST_DATABASE_URL, uniqueName } from '../test/test-env';
import { createPgPool } from '@issuestream/storage';
import { migrate } from '@issuestream/storage';
import { withTransaction } from '@issuestream/storage';
import { createGroups, findGroupsByHash, hashKey, type NewGroup } from './group-rows';
import { issueMigrations } from './issue-migrations';

const hashOf = (text: string) => createHash('md5').update(text).digest('hex');

function newGroup(projectId: number, hash: string): NewGroup {
  const now = new Date();
  return {
    projectId, type: 4001, primaryHash: hash, status: 0, substatus: 7, timesSeen: 1, firstSeen: now, lastSeen: now, level: 40,
    title: `issue ${hash.slice(0, 6)}`, culprit: 'job', message: 'failed', priority: 75, platform: 'other', metadata: { title: 'x' },
  };
}

/** Rows of group_hashes this transaction has read so far, by sequential or index scans. */
async function hashRowsRead(client: PoolClient): Promise<number> {
  const { rows } = await client.query<{ read: string }>(
    `SELECT (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::text AS read
       FROM pg_stat_xact_user_tables WHERE relid = 'group_hashes'::regclass`,
  );
  return Number(rows[0]?.read ?? 0);
}

describe('group rows (Postgres)', () => {
  const schema = uniqueName('st_group_rows');
  let admin: Pool;
  let pool: Pool;
  let projectId = 0;

  beforeAll(async () => {
    await ensureTestDatabase();
    admin = createPgPool(TEST_DATABASE_URL, { applicationName: 'group-rows-spec', max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    pool = createPgPool(TEST_DATABASE_URL, { applicationName: 'group-rows-spec', max: 2, pgConfig: { options: `-c search_path=${schema}` } });
    await migrate(pool, issueMigrations, { table: 'issue_migrations' });
  });
  afterAll(async () => {
    await pool.end();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });
  beforeEach(() => {
    projectId += 1;
  });

  it('creates groups with their hashes and finds them by (project, hash); unknown hashes are absent', async () => {
    const [a, b] = [hashOf('a'), hashOf('b')];
    const { created, lost } = await withTransaction(pool, (client) => createGroups(client, [newGroup(projectId, a), newGroup(projectId, b)]));
    expect(lost).toEqual([]);
    expect(created.map((g) => g.primaryHash).sort()).toEqual([a, b].sort());

    const found = await withTransaction(pool, (client) => findGroupsByHash(client, [{ projectId, hash: a }, { projectId, hash: hashOf('none') }, { projectId: projectId + 1000, hash: b }]));
    expect([...found.keys()]).toEqual([hashKey(projectId, a)]);
    expect(found.get(hashKey(projectId, a))?.title).toBe(`issue ${a.slice(0, 6)}`);
  });

  it('returns each created group as stored: the hash row points at it and every column reads back the same', async () => {
    const hashes = [hashOf('stored-1'), hashOf('stored-2'), hashOf('stored-3')];
    const groups = hashes.map((hash, i) => ({ ...newGroup(projectId, hash), substatus: i === 0 ? null : 7, level: null, title: `naïve "quoted" \\ title ${i}`, metadata: { title: 'x', nested: { n: i } } }));
    const { created } = await withTransaction(pool, (client) => createGroups(client, groups));
    const found = await withTransaction(pool, (client) => findGroupsByHash(client, hashes.map((hash) => ({ projectId, hash }))));
    expect(new Set(created.map((g) => g.id)).size).toBe(3);
    for (const group of created) expect(found.get(hashKey(projectId, group.primaryHash))).toEqual(group);
  });

  it('reports a hash another transaction claimed first as lost', async () => {
    const hash = hashOf('raced');
    await withTransaction(pool, (client) => createGroups(client, [newGroup(projectId, hash)]));
    const second = await withTransaction(pool, (client) => createGroups(client, [newGroup(projectId, hash)]));
    expect(second).toEqual({ created: [], lost: [{ projectId, hash }] });
  });

  it("reads only the requested hashes, not all of a project's (the lookup uses the whole primary key)", async () => {
    const hashes = Array.from({ length: 5000 }, (_, i) => hashOf(`many-${i}`));
    await withTransaction(pool, (client) => createGroups(client, hashes.map((hash) => newGroup(projectId, hash))));
    await admin.query(`ANALYZE ${schema}.group_hashes`);

    const read = await withTransaction(pool, async (client) => {
      const before = await hashRowsRead(client);
      const found = await findGroupsByHash(client, [{ projectId, hash: hashes[7]! }, { projectId, hash: hashes[300]! }]);
      expect(found.size).toBe(2);
      return (await hashRowsRead(client)) - before;
    });
    expect(read).toBeLessThanOrEqual(2);
  });
});
