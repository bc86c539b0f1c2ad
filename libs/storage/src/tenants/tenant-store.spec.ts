import type { Pool } from 'pg';
import { z } from 'zod';
import { defineOption, InvalidOptionValueError } from './options/define-option';
import {
  FEEDBACK_AI_SPAM_DETECTION,
  FEEDBACK_MESSAGE_MAX_SIZE,
  FEEDBACK_ORGANIZATION_SLUG_DENYLIST,
  PROJECT_RESOLVE_AGE,
} from './options/known-options';
import { buildDsn } from './dsn';
import { InvalidTenantInputError, TenantConflictError, TenantNotFoundError } from './tenant-errors';
import { listTenants } from './tenant-listing';
import { TenantStore } from './tenant-store';
import { createTenantTestSchema, type TenantTestSchema } from './test/tenant-test-schema';

const INGEST = 'organizations:user-feedback-ingest';
const SPAM = 'organizations:user-feedback-spam-ingest';
const UNLISTED = 'organizations:issue-some-new-type-ingest';

// An organisation-scope option for the tests: the specs predefine none.
const ORG_RETENTION_DAYS = defineOption({
  key: 'test:retention-days',
  scope: 'organization',
  schema: z.number().int().positive(),
  default: 90,
  description: 'test option',
});

describe('TenantStore', () => {
  let schema: TenantTestSchema;
  let pool: Pool;
  let store: TenantStore;
  const warnings: string[] = [];

  beforeAll(async () => {
    schema = await createTenantTestSchema();
    await schema.migrate();
    pool = schema.pool();
  });
  afterAll(() => schema.drop());
  beforeEach(() => {
    warnings.length = 0;
    // TTL 0: these tests are about values, the cache has its own spec.
    store = new TenantStore(pool, { cacheTtlMs: 0, warn: (m) => warnings.push(m) });
  });

  describe('organisations and projects', () => {
    it('looks up many projects in one query, with their organisation; unknown ids are absent', async () => {
      const acme = await store.createOrganization({ slug: 'acme', name: 'Acme Inc.' });
      const globex = await store.createOrganization({ slug: 'globex' });
      expect(globex.name).toBe('globex');
      const web = await store.createProject({
        organizationId: acme.id,
        slug: 'web',
        platform: 'javascript',
      });
      const api = await store.createProject({
        organizationId: globex.id,
        slug: 'api',
        platform: 'python',
      });
      expect(typeof web.id).toBe('number');

      const query = jest.spyOn(pool, 'query');
      const found = await store.getProjects([web.id, api.id, 987_654_321, web.id, -1]);
      expect(query).toHaveBeenCalledTimes(1);
      query.mockRestore();

      expect([...found.keys()].sort()).toEqual([web.id, api.id].sort());
      expect(found.get(web.id)).toEqual({
        id: web.id,
        organizationId: acme.id,
        slug: 'web',
        platform: 'javascript',
        organization: { id: acme.id, slug: 'acme' },
        hasFeedbacks: false,
        hasNewFeedbacks: false,
        firstEvent: null,
        hasTransactions: false,
        hasFlags: false,
      });
      expect(found.get(api.id)?.organization).toEqual({ id: globex.id, slug: 'globex' });
      expect(await store.getProjects([])).toEqual(new Map());
    });

    it('refuses duplicate slugs on create, returns the existing row on ensure', async () => {
      const org = await store.createOrganization({ slug: 'dupe-org' });
      await expect(store.createOrganization({ slug: 'dupe-org' })).rejects.toThrow(
        TenantConflictError,
      );
      await expect(
        store.ensureOrganization({ slug: 'dupe-org', name: 'Other' }),
      ).resolves.toMatchObject({
        id: org.id,
        name: 'dupe-org',
      });
      const project = await store.createProject({
        organizationId: org.id,
        slug: 'app',
        platform: 'node',
      });
      await expect(store.createProject({ organizationId: org.id, slug: 'app' })).rejects.toThrow(
        'Project "app" already exists',
      );
      await expect(
        store.ensureProject({ organizationId: org.id, slug: 'app', platform: 'go' }),
      ).resolves.toEqual(project);
    });

    it('names bad input and missing parents', async () => {
      await expect(store.createOrganization({ slug: 'Not A Slug' })).rejects.toThrow(
        InvalidTenantInputError,
      );
      await expect(store.createProject({ organizationId: 99_999_999, slug: 'x' })).rejects.toThrow(
        new TenantNotFoundError('Organization 99999999 does not exist'),
      );
      expect(await store.getOrganizationBySlug('nope')).toBeUndefined();
    });
  });

  describe('feedback flags and environments', () => {
    it('set the feedback flags of a batch in one update, only once', async () => {
      const org = await store.createOrganization({ slug: 'flags-org' });
      const a = await store.createProject({ organizationId: org.id, slug: 'a' });
      const b = await store.createProject({ organizationId: org.id, slug: 'b' });
      const c = await store.createProject({ organizationId: org.id, slug: 'c' });

      const changed = await store.markFeedbackReceived([
        { projectId: a.id, newFeedback: false },
        { projectId: b.id, newFeedback: false },
        { projectId: b.id, newFeedback: true },
      ]);
      expect(changed.sort()).toEqual([a.id, b.id].sort());
      const found = await store.getProjects([a.id, b.id, c.id]);
      expect(found.get(a.id)).toMatchObject({ hasFeedbacks: true, hasNewFeedbacks: false });
      expect(found.get(b.id)).toMatchObject({ hasFeedbacks: true, hasNewFeedbacks: true });
      expect(found.get(c.id)).toMatchObject({ hasFeedbacks: false, hasNewFeedbacks: false });

      // A replay changes nothing; a first new-style feedback still sets the second flag.
      expect(await store.markFeedbackReceived([{ projectId: b.id, newFeedback: true }])).toEqual(
        [],
      );
      expect(await store.markFeedbackReceived([{ projectId: a.id, newFeedback: true }])).toEqual([
        a.id,
      ]);
      expect(await store.getProject(a.id)).toMatchObject({
        hasFeedbacks: true,
        hasNewFeedbacks: true,
      });
    });

    it('set first_event (earliest error of the batch, once), has_transactions and has_flags in one update', async () => {
      const org = await store.createOrganization({ slug: 'event-flags-org' });
      const a = await store.createProject({ organizationId: org.id, slug: 'a' });
      const b = await store.createProject({ organizationId: org.id, slug: 'b' });
      const early = new Date('2026-01-01T00:00:00.000Z');
      const late = new Date('2026-01-02T00:00:00.000Z');
      const changed = await store.markEventsReceived([
        { projectId: a.id, firstEventAt: late, transaction: false, flags: false },
        { projectId: a.id, firstEventAt: early, transaction: false, flags: true },
        { projectId: b.id, firstEventAt: null, transaction: true, flags: false },
      ]);
      expect(changed.sort()).toEqual([a.id, b.id].sort());
      expect(await store.getProject(a.id)).toMatchObject({ firstEvent: early, hasTransactions: false, hasFlags: true });
      expect(await store.getProject(b.id)).toMatchObject({ firstEvent: null, hasTransactions: true, hasFlags: false });
      // A later error keeps the first one; a replay changes nothing.
      expect(await store.markEventsReceived([{ projectId: a.id, firstEventAt: new Date('2025-12-01T00:00:00.000Z'), transaction: false, flags: true }])).toEqual([]);
      expect(await store.markEventsReceived([{ projectId: b.id, firstEventAt: late, transaction: false, flags: false }])).toEqual([b.id]);
      expect((await store.getProject(a.id))?.firstEvent).toEqual(early);
    });

    it('skip projects a cache already knows to be flagged', async () => {
      const cached = new TenantStore(pool, { cacheTtlMs: 60_000 });
      const org = await cached.createOrganization({ slug: 'flags-cached' });
      const project = await cached.createProject({ organizationId: org.id, slug: 'p' });
      await cached.markFeedbackReceived([{ projectId: project.id, newFeedback: true }]);
      expect(await cached.getProject(project.id)).toMatchObject({
        hasFeedbacks: true,
        hasNewFeedbacks: true,
      });
      // Cleared behind the cache's back: a store that trusts its cache leaves the row alone.
      await pool.query(
        'UPDATE projects SET has_feedbacks = false, has_new_feedbacks = false WHERE id = $1',
        [project.id],
      );
      expect(
        await cached.markFeedbackReceived([{ projectId: project.id, newFeedback: true }]),
      ).toEqual([]);
      const { rows } = await pool.query(
        'SELECT has_feedbacks, has_new_feedbacks FROM projects WHERE id = $1',
        [project.id],
      );
      expect(rows[0]).toEqual({ has_feedbacks: false, has_new_feedbacks: false });
    });

    it('get or create environments per organisation, in bulk', async () => {
      const one = await store.createOrganization({ slug: 'env-one' });
      const two = await store.createOrganization({ slug: 'env-two' });
      const first = await store.ensureEnvironments([
        { organizationId: one.id, name: 'production' },
        { organizationId: two.id, name: 'production' },
        { organizationId: one.id, name: 'staging|eu' },
        { organizationId: one.id, name: 'production' },
      ]);
      expect(first.size).toBe(3);
      const ids = [...first.values()];
      expect(ids.every((id) => typeof id === 'number')).toBe(true);
      expect(new Set(ids).size).toBe(3);

      const again = await store.ensureEnvironments([
        { organizationId: one.id, name: 'production' },
        { organizationId: 99_999_999, name: 'production' },
        { organizationId: one.id, name: 'bad\u0000name' },
      ]);
      expect(again.get(`${one.id}|production`)).toBe(first.get(`${one.id}|production`));
      // No such organisation, a name Postgres cannot store: those two fail, alone.
      expect(again.get('99999999|production')).toBeInstanceOf(Error);
      expect(again.get(`${one.id}|bad\u0000name`)).toBeInstanceOf(Error);
      const { rows } = await pool.query(
        'SELECT count(*)::int AS n FROM environments WHERE organization_id = ANY($1::bigint[])',
        [[one.id, two.id]],
      );
      expect(rows[0]).toEqual({ n: 3 });
    });
  });

  describe('project keys', () => {
    it('mints 32-hex keys and finds them by public key, rate limit included', async () => {
      const org = await store.createOrganization({ slug: 'keys-org' });
      const project = await store.createProject({ organizationId: org.id, slug: 'web' });
      const limited = await store.createProjectKey({
        projectId: project.id,
        label: 'Browser',
        rateLimit: { count: 100, windowSeconds: 60 },
      });
      const open = await store.createProjectKey({ projectId: project.id });
      expect(limited.publicKey).toMatch(/^[0-9a-f]{32}$/);
      expect(limited.secretKey).toMatch(/^[0-9a-f]{32}$/);
      expect(open.label).toBe('Default');
      expect(
        buildDsn({ publicKey: limited.publicKey, projectId: project.id, host: '127.0.0.1:3000' }),
      ).toBe(`http://${limited.publicKey}@127.0.0.1:3000/${project.id}`);

      expect(await store.getProjectKey(limited.publicKey)).toEqual({
        id: limited.id,
        projectId: project.id,
        isActive: true,
        rateLimit: { count: 100, windowSeconds: 60 },
      });
      const both = await store.getProjectKeys([
        limited.publicKey,
        open.publicKey,
        'f'.repeat(32),
        'garbage',
      ]);
      expect(both.get(open.publicKey)?.rateLimit).toBeNull();
      expect(both.size).toBe(2);

      await store.deactivateKey(limited.publicKey);
      expect((await store.getProjectKey(limited.publicKey))?.isActive).toBe(false);
      await expect(store.deactivateKey('0'.repeat(32))).rejects.toThrow(TenantNotFoundError);
      await expect(
        store.createProjectKey({
          projectId: project.id,
          rateLimit: { count: 0, windowSeconds: 60 },
        }),
      ).rejects.toThrow(InvalidTenantInputError);
    });
  });

  describe('feature flags', () => {
    it('use the code defaults until a row overrides them, per organisation', async () => {
      const a = await store.createOrganization({ slug: 'flags-a' });
      const b = await store.createOrganization({ slug: 'flags-b' });
      const flags = [INGEST, SPAM, UNLISTED];

      let enabled = await store.featuresFor([a.id, b.id], flags);
      expect(enabled.get(a.id)).toEqual(new Set([INGEST]));
      expect(enabled.get(b.id)).toEqual(new Set([INGEST]));

      await store.setFeature(a.id, INGEST, false);
      await store.setFeature(a.id, SPAM, true);
      await store.setFeature(b.id, UNLISTED, true);
      const query = jest.spyOn(pool, 'query');
      enabled = await store.featuresFor([a.id, b.id], flags);
      expect(query).toHaveBeenCalledTimes(1);
      query.mockRestore();
      expect(enabled.get(a.id)).toEqual(new Set([SPAM]));
      expect(enabled.get(b.id)).toEqual(new Set([INGEST, UNLISTED]));

      expect(await store.hasFeature(a.id, INGEST)).toBe(false);
      expect(await store.hasFeature(b.id, INGEST)).toBe(true);
      await store.setFeature(a.id, INGEST, true);
      expect(await store.hasFeature(a.id, INGEST)).toBe(true);
    });

    it('refuse malformed flag names and unknown organisations', async () => {
      const org = await store.createOrganization({ slug: 'flags-c' });
      await expect(store.setFeature(org.id, 'user-feedback-ingest', true)).rejects.toThrow(
        /Invalid feature flag "user-feedback-ingest"/,
      );
      await expect(store.setFeature(99_999_998, INGEST, true)).rejects.toThrow(TenantNotFoundError);
    });
  });

  describe('options', () => {
    it('return the code default until a value is stored, typed', async () => {
      const org = await store.createOrganization({ slug: 'opts-a' });
      const p1 = await store.createProject({ organizationId: org.id, slug: 'one' });
      const p2 = await store.createProject({ organizationId: org.id, slug: 'two' });

      expect(await store.getProjectOption(p1.id, FEEDBACK_AI_SPAM_DETECTION)).toBe(true);
      await store.setProjectOption(p1.id, FEEDBACK_AI_SPAM_DETECTION, false);
      await store.setProjectOption(p2.id, PROJECT_RESOLVE_AGE, 72);
      const spam = await store.getProjectOptions([p1.id, p2.id], FEEDBACK_AI_SPAM_DETECTION);
      expect(spam).toEqual(
        new Map([
          [p1.id, false],
          [p2.id, true],
        ]),
      );
      const age: number = await store.getProjectOption(p2.id, PROJECT_RESOLVE_AGE);
      expect(age).toBe(72);

      expect(await store.getOrganizationOption(org.id, ORG_RETENTION_DAYS)).toBe(90);
      await store.setOrganizationOption(org.id, ORG_RETENTION_DAYS, 30);
      expect(await store.getOrganizationOptions([org.id], ORG_RETENTION_DAYS)).toEqual(
        new Map([[org.id, 30]]),
      );

      expect(await store.getGlobalOption(FEEDBACK_MESSAGE_MAX_SIZE)).toBe(4096);
      await store.setGlobalOption(FEEDBACK_ORGANIZATION_SLUG_DENYLIST, ['opts-a']);
      expect(await store.getGlobalOption(FEEDBACK_ORGANIZATION_SLUG_DENYLIST)).toEqual(['opts-a']);
      expect(warnings).toEqual([]);

      const listing = await listTenants(pool);
      expect(listing.projects.find((p) => p.id === p2.id)?.options).toEqual({
        'sentry:resolve_age': 72,
      });
      expect(listing.globalOptions['feedback.organizations.slug-denylist']).toEqual(['opts-a']);
    });

    it('reject an invalid value with an error naming the option, storing nothing', async () => {
      const org = await store.createOrganization({ slug: 'opts-b' });
      const project = await store.createProject({ organizationId: org.id, slug: 'one' });
      // Through the untyped door the CLI uses: values arrive as parsed JSON.
      const untyped = PROJECT_RESOLVE_AGE as unknown as typeof FEEDBACK_AI_SPAM_DETECTION;
      const attempt = store.setProjectOption(project.id, untyped, true);
      await expect(attempt).rejects.toThrow(InvalidOptionValueError);
      await expect(attempt).rejects.toThrow('Invalid value for option "sentry:resolve_age"');
      expect(await store.getProjectOption(project.id, PROJECT_RESOLVE_AGE)).toBe(0);
      await expect(
        store.setOrganizationOption(
          org.id,
          PROJECT_RESOLVE_AGE as unknown as typeof ORG_RETENTION_DAYS,
          1,
        ),
      ).rejects.toThrow('"sentry:resolve_age" is a project option');
    });

    it('fall back to the default, with a warning, when a stored value is invalid', async () => {
      const org = await store.createOrganization({ slug: 'opts-c' });
      const project = await store.createProject({ organizationId: org.id, slug: 'one' });
      await pool.query(
        `INSERT INTO project_options (project_id, key, value) VALUES ($1, 'sentry:resolve_age', '"soon"')`,
        [project.id],
      );
      expect(await store.getProjectOption(project.id, PROJECT_RESOLVE_AGE)).toBe(0);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`option "sentry:resolve_age" of project ${project.id}`);
      expect(warnings[0]).toContain('using the default');
    });
  });
});
