import { freePort } from '@issuestream/testing';
import { createAdminTestSchema, type AdminTestSchema } from './test/admin-test-db';
import { runAdmin } from './test/run-admin';

const SPAM = 'organizations:user-feedback-spam-ingest';

describe('admin CLI (child process, real Postgres)', () => {
  let schema: AdminTestSchema;
  const admin = (...args: string[]) =>
    runAdmin(args, { DATABASE_URL: schema.databaseUrl, RELAY_PORT: '4123' });

  beforeAll(async () => {
    schema = await createAdminTestSchema();
  });
  afterAll(() => schema.drop());

  it('creates an organization, project and key, sets a flag and an option, and lists them', async () => {
    const org = await admin('org', 'create', 'acme', '--name', 'Acme Inc.');
    expect(org).toMatchObject({ code: 0 });
    expect(org.stdout).toMatch(/^Created organization acme \(id \d+, "Acme Inc\."\)/);
    expect(org.stderr).toContain('applied migration 1'); // migrations ran first

    expect(
      await admin('project', 'create', 'acme', 'web', '--platform', 'javascript'),
    ).toMatchObject({ code: 0 });

    const key = await admin('key', 'create', 'acme', 'web', '--rate-limit', '100/60', '--json');
    expect(key).toMatchObject({ code: 0, stderr: '' });
    const created = JSON.parse(key.stdout) as {
      key: { publicKey: string; projectId: number; rateLimit: unknown };
      dsn: string;
    };
    expect(created.key.publicKey).toMatch(/^[0-9a-f]{32}$/);
    expect(created.key.rateLimit).toEqual({ count: 100, windowSeconds: 60 });
    expect(created.dsn).toBe(
      `http://${created.key.publicKey}@127.0.0.1:4123/${created.key.projectId}`,
    );

    expect(await admin('flag', 'set', 'acme', SPAM, 'on')).toMatchObject({ code: 0 });
    expect(
      await admin('option', 'set', 'project', 'acme', 'web', 'sentry:resolve_age', '48'),
    ).toMatchObject({ code: 0 });
    expect(
      await admin('option', 'set', 'global', 'feedback.organizations.slug-denylist', '["spam-co"]'),
    ).toMatchObject({ code: 0 });

    const { rows: keyRows } = await schema.pool.query(
      `SELECT k.public_key, k.is_active, k.rate_limit_count, k.rate_limit_window_seconds, p.slug AS project
         FROM project_keys k JOIN projects p ON p.id = k.project_id`,
    );
    expect(keyRows).toEqual([
      {
        public_key: created.key.publicKey,
        is_active: true,
        rate_limit_count: 100,
        rate_limit_window_seconds: 60,
        project: 'web',
      },
    ]);
    const { rows: flagRows } = await schema.pool.query(
      'SELECT feature, enabled FROM organization_features',
    );
    expect(flagRows).toEqual([{ feature: SPAM, enabled: true }]);

    const listed = await admin('list', '--json');
    expect(listed.code).toBe(0);
    const listing = JSON.parse(listed.stdout);
    expect(listing.organizations).toEqual([
      expect.objectContaining({ slug: 'acme', name: 'Acme Inc.', features: { [SPAM]: true } }),
    ]);
    expect(listing.projects).toEqual([
      expect.objectContaining({
        organizationSlug: 'acme',
        slug: 'web',
        platform: 'javascript',
        options: { 'sentry:resolve_age': 48 },
      }),
    ]);
    expect(listing.keys).toEqual([
      expect.objectContaining({
        publicKey: created.key.publicKey,
        isActive: true,
        projectSlug: 'web',
      }),
    ]);
    expect(listing.globalOptions).toEqual({ 'feedback.organizations.slug-denylist': ['spam-co'] });
    expect(listing.featureDefaults['organizations:user-feedback-ingest']).toBe(true);

    expect(await admin('key', 'deactivate', created.key.publicKey)).toMatchObject({ code: 0 });
    const human = await admin('list');
    expect(human.stdout).toContain(`acme/web ${created.key.publicKey} inactive 100/60s`);
  });

  it.each([
    [['flag', 'set', 'no-such-org', SPAM, 'on'], 'unknown organization "no-such-org"'],
    [['project', 'create', 'no-such-org', 'web'], 'unknown organization "no-such-org"'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['org', 'create'], 'org create: missing argument <slug>'],
    [['flag', 'set', 'acme', SPAM, 'maybe'], 'flag set: expected on or off, got "maybe"'],
    [['key', 'create', 'acme', 'web', '--rate-limit', 'lots'], 'Invalid rate limit "lots"'],
    [
      ['option', 'set', 'global', 'feedback.message.max-size', '"big"'],
      'Invalid value for option "feedback.message.max-size"',
    ],
    [
      ['option', 'set', 'global', 'sentry:resolve_age', '1'],
      '"sentry:resolve_age" is a project option',
    ],
    [['list', '--verbose'], "Unknown option '--verbose'"],
  ])('exits 2 with a message for %j', async (args, message) => {
    const run = await admin(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`error: ${message}`);
  });

  it('exits 2 for a duplicate slug and writes nothing', async () => {
    await admin('org', 'create', 'dupe');
    const again = await admin('org', 'create', 'dupe');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('Organization "dupe" already exists');
    const { rows } = await schema.pool.query(
      "SELECT count(*)::int AS n FROM organizations WHERE slug = 'dupe'",
    );
    expect(rows[0].n).toBe(1);
  });

  it('exits 1 when the database cannot be reached', async () => {
    const port = await freePort();
    const run = await runAdmin(['list'], {
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/x`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ECONNREFUSED');
  });

  it('prints usage for --help (exit 0) and without a command (exit 2)', async () => {
    const help = await admin('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('key create');
    const bare = await admin();
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('usage:');
  });
});
