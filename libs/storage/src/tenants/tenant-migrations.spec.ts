import { tenantMigrations } from './tenant-migrations';
import { createTenantTestSchema, type TenantTestSchema } from './test/tenant-test-schema';

describe('tenant migrations', () => {
  let schema: TenantTestSchema;

  beforeAll(async () => {
    schema = await createTenantTestSchema();
  });
  afterAll(() => schema.drop());

  it('create the tenant tables in the session schema, and a second run applies nothing', async () => {
    const first = await schema.migrate();
    expect(first.applied.map((m) => m.version)).toEqual(tenantMigrations.map((m) => m.version));
    const second = await schema.migrate();
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(tenantMigrations.map((m) => m.version));

    const { rows } = await schema
      .pool()
      .query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [schema.name],
      );
    expect(rows.map((r) => r.table_name)).toEqual([
      'environments',
      'global_options',
      'organization_features',
      'organization_options',
      'organizations',
      'project_keys',
      'project_options',
      'projects',
      'tenant_migrations',
    ]);
  });

  it('reject hand-written rows the lookups could not handle', async () => {
    await schema.migrate();
    const pool = schema.pool();
    await expect(
      pool.query("INSERT INTO organizations (slug, name) VALUES ('Has Spaces', 'x')"),
    ).rejects.toMatchObject({
      code: '23514',
    });
    const org = await pool.query<{ id: string }>(
      "INSERT INTO organizations (slug, name) VALUES ('checks', 'Checks') RETURNING id",
    );
    const project = await pool.query<{ id: string }>(
      "INSERT INTO projects (organization_id, slug, platform) VALUES ($1, 'web', 'javascript') RETURNING id",
      [org.rows[0]!.id],
    );
    const insertKey = (publicKey: string, count: number | null, window: number | null) =>
      pool.query(
        `INSERT INTO project_keys (project_id, public_key, secret_key, label, rate_limit_count, rate_limit_window_seconds)
         VALUES ($1, $2, repeat('a', 32), 'k', $3, $4)`,
        [project.rows[0]!.id, publicKey, count, window],
      );
    await expect(insertKey('short', null, null)).rejects.toMatchObject({ code: '23514' });
    await expect(insertKey('b'.repeat(32), 10, null)).rejects.toMatchObject({ code: '23514' });
    await expect(insertKey('c'.repeat(32), 10, 60)).resolves.toBeDefined();
  });
});
