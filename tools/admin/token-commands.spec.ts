import { hashToken } from '@issuestream/api-tokens-data';
import { createAdminTestSchema, type AdminTestSchema } from './test/admin-test-db';
import { runAdmin } from './test/run-admin';

describe('admin CLI: organisation API tokens (child process, real Postgres)', () => {
  let schema: AdminTestSchema;
  const admin = (...args: string[]) => runAdmin(args, { DATABASE_URL: schema.databaseUrl });

  beforeAll(async () => {
    schema = await createAdminTestSchema();
    expect(await admin('org', 'create', 'acme')).toMatchObject({ code: 0 });
  });
  afterAll(() => schema.drop());

  it('creates a token whose secret is printed once and stored only as a hash, lists and revokes it', async () => {
    const created = await admin('token', 'create', 'acme', '--scopes', 'org:read,project:write', '--label', 'inbox', '--json');
    expect(created.code).toBe(0);
    const { token } = JSON.parse(created.stdout) as { token: { id: number; secret: string; scopes: string[] } };
    expect(token.scopes).toEqual(['org:read', 'project:write']);
    const { rows } = await schema.pool.query<{ token_hash: string; label: string }>('SELECT token_hash, label FROM org_api_tokens');
    expect(rows).toEqual([{ token_hash: hashToken(token.secret), label: 'inbox' }]);

    const listed = await admin('token', 'list', 'acme');
    expect(listed.stdout).toContain('inbox');
    expect(listed.stdout).not.toContain(token.secret);

    expect(await admin('token', 'revoke', 'acme', String(token.id))).toMatchObject({ code: 0 });
    expect((await admin('token', 'list', 'acme')).stdout).toContain('No tokens');
    expect(await admin('token', 'revoke', 'acme', String(token.id))).toMatchObject({ code: 2 });
  });

  it('refuses unknown scopes, a missing --scopes and unknown organisations with exit 2', async () => {
    expect(await admin('token', 'create', 'acme', '--scopes', 'org:admin')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown scope "org:admin"') });
    expect(await admin('token', 'create', 'acme')).toMatchObject({ code: 2, stderr: expect.stringContaining('--scopes is required') });
    expect(await admin('token', 'create', 'nope', '--scopes', 'org:read')).toMatchObject({ code: 2 });
  });
});
