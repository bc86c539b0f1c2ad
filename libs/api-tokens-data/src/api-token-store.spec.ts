import { createPgPool, migrate, type Organization } from '@issuestream/storage';
import { testStackEnv, uniqueName } from '@issuestream/testing';
import type { Pool } from 'pg';
import { API_TOKEN_MIGRATIONS_TABLE, apiTokenMigrations } from './api-token-migrations';
import { ApiTokenStore } from './api-token-store';
import { authenticateOrgToken, bearerToken } from './org-token-auth';
import { parseScopes } from './scopes';
import { hashToken } from './token-secret';

describe('ApiTokenStore and org token auth (Postgres)', () => {
  const databaseUrl = testStackEnv().databaseUrl;
  const schema = uniqueName('st_api_tokens');
  let admin: Pool;
  let pool: Pool;
  let store: ApiTokenStore;
  const orgA: Organization = { id: 101, slug: 'org-a', name: 'A', createdAt: new Date() };
  const orgB: Organization = { id: 102, slug: 'org-b', name: 'B', createdAt: new Date() };
  const organizationBySlug = async (slug: string) => [orgA, orgB].find((o) => o.slug === slug);

  beforeAll(async () => {
    admin = createPgPool(databaseUrl, { applicationName: 'api-tokens-spec', max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    pool = createPgPool(databaseUrl, { applicationName: 'api-tokens-spec', max: 2, onError: () => undefined, pgConfig: { options: `-c search_path=${schema}` } });
    await migrate(pool, apiTokenMigrations, { table: API_TOKEN_MIGRATIONS_TABLE });
    store = new ApiTokenStore(pool);
  });
  afterAll(async () => {
    await pool.end();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('stores only the hash and finds the token by its secret', async () => {
    const created = await store.create({ organizationId: orgA.id, scopes: ['org:read'], label: 'ci' });
    expect(created.secret).toMatch(/^isu_[A-Za-z0-9_-]{43}$/);
    const { rows } = await pool.query<{ token_hash: string }>('SELECT token_hash FROM org_api_tokens WHERE id = $1', [created.id]);
    expect(rows[0]?.token_hash).toBe(hashToken(created.secret));
    expect(JSON.stringify(rows)).not.toContain(created.secret);
    expect(await store.findBySecret(created.secret)).toMatchObject({ id: created.id, organizationId: orgA.id, scopes: ['org:read'], label: 'ci' });
    expect(await store.findBySecret(`${created.secret}x`)).toBeUndefined();
  });

  it('never lets a token of one organisation act on another, and checks scopes', async () => {
    const a = await store.create({ organizationId: orgA.id, scopes: ['project:read'] });
    const deps = { tokens: store, organizationBySlug };
    expect(await authenticateOrgToken(a.secret, 'org-a', ['org:read', 'project:read'], deps)).toMatchObject({ ok: true, organization: { id: orgA.id } });
    expect(await authenticateOrgToken(a.secret, 'org-b', ['org:read', 'project:read'], deps)).toMatchObject({ ok: false, status: 404 });
    expect(await authenticateOrgToken(a.secret, 'nope', ['project:read'], deps)).toMatchObject({ ok: false, status: 404 });
    expect(await authenticateOrgToken(a.secret, 'org-a', ['project:write'], deps)).toMatchObject({ ok: false, status: 403 });
    expect(await authenticateOrgToken(undefined, 'org-a', ['project:read'], deps)).toMatchObject({ ok: false, status: 401 });
    expect(await authenticateOrgToken('isu_unknown', 'org-a', ['project:read'], deps)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a revoked token', async () => {
    const t = await store.create({ organizationId: orgB.id, scopes: ['org:read'] });
    expect(await store.revoke(orgA.id, t.id)).toBe(false);
    expect(await store.revoke(orgB.id, t.id)).toBe(true);
    expect(await store.findBySecret(t.secret)).toBeUndefined();
    expect((await store.list(orgB.id)).map((x) => x.id)).not.toContain(t.id);
  });
});

describe('token parsing', () => {
  it('reads bearer tokens and scope lists', () => {
    expect(bearerToken('Bearer isu_abc')).toBe('isu_abc');
    expect(bearerToken('bearer  isu_abc ')).toBe('isu_abc');
    expect(bearerToken('DSN http://x@y/1')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(parseScopes('org:read, project:write,org:read')).toEqual(['org:read', 'project:write']);
    expect(() => parseScopes('org:admin')).toThrow('unknown scope "org:admin"');
    expect(() => parseScopes('')).toThrow('at least one');
  });
});
