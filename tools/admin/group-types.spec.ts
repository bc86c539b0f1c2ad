import { createPgPool } from '@issuestream/storage';
import { createDefaultRegistry, defineGroupType, GroupCategory, GroupTypeStore } from '@issuestream/issue-platform';
import type { Pool } from 'pg';
import { createAdminTestSchema, type AdminTestSchema } from './test/admin-test-db';
import { runAdmin } from './test/run-admin';

describe('admin CLI: group-types (child process, real Postgres)', () => {
  let schema: AdminTestSchema;
  let pool: Pool;
  const admin = (...args: string[]) => runAdmin(args, { DATABASE_URL: schema.databaseUrl, USER: 'alice' });

  beforeAll(async () => {
    schema = await createAdminTestSchema();
    pool = createPgPool(schema.databaseUrl, { max: 2 });
    const store = await GroupTypeStore.open(pool, { local: createDefaultRegistry() });
    await store.register(
      defineGroupType({ typeId: 14001, slug: 'queue_backlog', description: 'Queue backlog growing', category: GroupCategory.PERFORMANCE, noiseConfig: { ignoreLimit: 2 } }),
      { owner: 'queue-watch' },
    );
  });
  afterAll(async () => {
    await pool.end();
    await schema.drop();
  });

  it('lists registered and built-in types, shows one, releases it and prints its history', async () => {
    const list = await admin('group-types', 'list');
    expect(list).toMatchObject({ code: 0 });
    expect(list.stdout).toContain('14001 queue_backlog "Queue backlog growing" v1 by queue-watch: PERFORMANCE, unreleased, medium, noise 2 in 86400s, quota 5/3600s');
    expect(list.stdout).toContain('6001 feedback "Feedback"');

    const show = await admin('group-types', 'show', 'queue_backlog', '--json');
    expect(JSON.parse(show.stdout)).toMatchObject({ owner: 'queue-watch', version: 1, type: { typeId: 14001, released: false } });
    expect(JSON.parse((await admin('group-types', 'show', '6001', '--json')).stdout)).toMatchObject({ builtin: true, type: { slug: 'feedback' } });

    expect(await admin('group-types', 'release', '14001')).toMatchObject({ code: 0, stdout: 'queue_backlog is released (v2)\n' });
    const history = await admin('group-types', 'history', 'queue_backlog');
    expect(history.stdout).toMatch(/^ {2}v1 \S+ by queue-watch: registered \(PERFORMANCE, unreleased/m);
    expect(history.stdout).toMatch(/^ {2}v2 \S+ by admin:alice: released: false → true$/m);
  });

  it('names an unknown type as a usage error', async () => {
    expect(await admin('group-types', 'history', 'nope')).toMatchObject({ code: 2 });
    expect(await admin('group-types', 'show', '999999')).toMatchObject({ code: 2 });
  });
});
