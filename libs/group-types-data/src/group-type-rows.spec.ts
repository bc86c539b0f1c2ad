import { createPgPool, migrate } from '@issuestream/storage';
import { testStackEnv, uniqueName } from '@issuestream/testing';
import type { Pool } from 'pg';
import { GROUP_TYPE_MIGRATIONS_TABLE, groupTypeMigrations } from './group-type-migrations';
import { findConflictingGroupTypes, groupTypeHistory, insertGroupType, listGroupTypes, updateGroupTypeAttributes } from './group-type-rows';

describe('group type rows (real Postgres, a schema of its own)', () => {
  const databaseUrl = testStackEnv().databaseUrl;
  const schema = uniqueName('gtd');
  let admin: Pool;
  let pool: Pool;
  const queue = { typeId: 14001, slug: 'queue_backlog', category: 2, owner: 'queue-watch', attributes: { released: false, noiseConfig: { ignoreLimit: 2 } } };

  beforeAll(async () => {
    admin = createPgPool(databaseUrl, { max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    pool = createPgPool(databaseUrl, { max: 4, pgConfig: { options: `-c search_path=${schema}` } });
    await migrate(pool, groupTypeMigrations, { table: GROUP_TYPE_MIGRATIONS_TABLE });
  });
  afterAll(async () => {
    await pool.end();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  });

  it('inserts once; a taken id or slug inserts nothing, and the holders are found', async () => {
    expect(await insertGroupType(pool, queue)).toMatchObject({ typeId: 14001, version: 1, owner: 'queue-watch' });
    expect(await insertGroupType(pool, { ...queue, slug: 'other' })).toBeNull();
    expect(await insertGroupType(pool, { ...queue, typeId: 14002 })).toBeNull();
    await insertGroupType(pool, { ...queue, typeId: 14003, slug: 'third' });
    expect((await findConflictingGroupTypes(pool, 14003, 'queue_backlog')).map((r) => r.typeId)).toEqual([14003, 14001]);
    await expect(insertGroupType(pool, { ...queue, typeId: 14004, slug: 'Not A Slug' })).rejects.toThrow(/check constraint/);
  });

  it('versions attribute changes with who changed them, and ignores an equal set written in another key order', async () => {
    const changed = await updateGroupTypeAttributes(pool, 14001, { noiseConfig: { ignoreLimit: 5 }, released: true }, 'admin:alice');
    expect(changed).toMatchObject({ version: 2, attributes: { released: true } });
    expect((await updateGroupTypeAttributes(pool, 14001, { released: true, noiseConfig: { ignoreLimit: 5 } }, 'admin:bob'))?.version).toBe(2);
    expect((await groupTypeHistory(pool, 14001)).map((h) => [h.version, h.changedBy])).toEqual([[1, 'queue-watch'], [2, 'admin:alice']]);
    expect(await updateGroupTypeAttributes(pool, 99999, {}, 'x')).toBeUndefined();
  });

  it('gives concurrent changes consecutive versions', async () => {
    await Promise.all([3, 4, 5, 6].map((limit) => updateGroupTypeAttributes(pool, 14003, { noiseConfig: { ignoreLimit: limit } }, `writer-${limit}`)));
    expect((await groupTypeHistory(pool, 14003)).map((h) => h.version)).toEqual([1, 2, 3, 4, 5]);
    expect((await listGroupTypes(pool)).find((r) => r.typeId === 14003)?.version).toBe(5);
  });
});
