import type { Pool } from 'pg';
import { FEEDBACK_MESSAGE_MAX_SIZE, PROJECT_RESOLVE_AGE } from './options/known-options';
import { TenantStore } from './tenant-store';
import { createTenantTestSchema, type TenantTestSchema } from './test/tenant-test-schema';

const TTL = 10_000;
const SPAM = 'organizations:user-feedback-spam-ingest';

describe('TenantStore cache', () => {
  let schema: TenantTestSchema;
  let pool: Pool;
  let clock: number;
  /** The consumer's store, whose cache is under test. */
  let reader: TenantStore;
  /** Another process (the admin CLI) writing meanwhile. */
  let writer: TenantStore;

  beforeAll(async () => {
    schema = await createTenantTestSchema();
    await schema.migrate();
    pool = schema.pool();
  });
  afterAll(() => schema.drop());
  beforeEach(() => {
    clock = 1_000_000;
    reader = new TenantStore(pool, { cacheTtlMs: TTL, now: () => clock });
    writer = new TenantStore(pool, { cacheTtlMs: TTL, now: () => clock });
  });

  /** Runs `read` and counts the queries it sent. */
  async function queriesDuring<T>(read: () => Promise<T>): Promise<{ value: T; queries: number }> {
    const spy = jest.spyOn(pool, 'query');
    try {
      const value = await read();
      return { value, queries: spy.mock.calls.length };
    } finally {
      spy.mockRestore();
    }
  }

  it('sees another instance’s flag write only once the TTL has passed', async () => {
    const org = await writer.createOrganization({ slug: 'cache-flags' });
    expect(await reader.hasFeature(org.id, SPAM)).toBe(false);

    await writer.setFeature(org.id, SPAM, true);
    clock += TTL - 1;
    const cached = await queriesDuring(() => reader.hasFeature(org.id, SPAM));
    expect(cached).toEqual({ value: false, queries: 0 });

    clock += 1;
    expect(await reader.hasFeature(org.id, SPAM)).toBe(true);
  });

  it('sees its own writes at once', async () => {
    const org = await reader.createOrganization({ slug: 'cache-own' });
    const project = await reader.createProject({ organizationId: org.id, slug: 'web' });
    expect(await reader.getProjectOption(project.id, PROJECT_RESOLVE_AGE)).toBe(0);
    await reader.setProjectOption(project.id, PROJECT_RESOLVE_AGE, 12);
    expect(await reader.getProjectOption(project.id, PROJECT_RESOLVE_AGE)).toBe(12);

    expect(await reader.hasFeature(org.id, SPAM)).toBe(false);
    await reader.setFeature(org.id, SPAM, true);
    expect(await reader.hasFeature(org.id, SPAM)).toBe(true);

    const key = await reader.createProjectKey({ projectId: project.id });
    expect((await reader.getProjectKey(key.publicKey))?.isActive).toBe(true);
    await reader.deactivateKey(key.publicKey);
    expect((await reader.getProjectKey(key.publicKey))?.isActive).toBe(false);
  });

  it('caches options and keys across instances for the TTL', async () => {
    const org = await writer.createOrganization({ slug: 'cache-opts' });
    const project = await writer.createProject({ organizationId: org.id, slug: 'web' });
    const key = await writer.createProjectKey({ projectId: project.id });

    expect(await reader.getGlobalOption(FEEDBACK_MESSAGE_MAX_SIZE)).toBe(4096);
    expect((await reader.getProjectKey(key.publicKey))?.isActive).toBe(true);
    await writer.setGlobalOption(FEEDBACK_MESSAGE_MAX_SIZE, 100);
    await writer.deactivateKey(key.publicKey);

    expect(await reader.getGlobalOption(FEEDBACK_MESSAGE_MAX_SIZE)).toBe(4096);
    expect((await reader.getProjectKey(key.publicKey))?.isActive).toBe(true);
    clock += TTL;
    expect(await reader.getGlobalOption(FEEDBACK_MESSAGE_MAX_SIZE)).toBe(100);
    expect((await reader.getProjectKey(key.publicKey))?.isActive).toBe(false);
    // Leave the server-wide option as other tests in this schema expect it.
    await writer.setGlobalOption(FEEDBACK_MESSAGE_MAX_SIZE, 4096);
  });

  it('fetches only the misses of a batch, in one query, and remembers unknown ids', async () => {
    const org = await writer.createOrganization({ slug: 'cache-batch' });
    const a = await writer.createProject({ organizationId: org.id, slug: 'a' });
    const b = await writer.createProject({ organizationId: org.id, slug: 'b' });
    const unknown = 888_888_888;

    expect((await queriesDuring(() => reader.getProjects([a.id, unknown]))).queries).toBe(1);
    const second = await queriesDuring(() => reader.getProjects([a.id, b.id, unknown]));
    expect(second.queries).toBe(1); // b only
    expect([...second.value.keys()].sort()).toEqual([a.id, b.id].sort());
    expect((await queriesDuring(() => reader.getProjects([a.id, b.id, unknown]))).queries).toBe(0);

    const flags = await queriesDuring(() =>
      reader.featuresFor([org.id, unknown], [SPAM, 'organizations:x']),
    );
    expect(flags.queries).toBe(1);
    expect((await queriesDuring(() => reader.featuresFor([org.id], [SPAM]))).queries).toBe(0);
  });

  it('caches nothing with cacheTtlMs 0', async () => {
    const uncached = new TenantStore(pool, { cacheTtlMs: 0, now: () => clock });
    const org = await writer.createOrganization({ slug: 'cache-off' });
    await uncached.hasFeature(org.id, SPAM);
    await writer.setFeature(org.id, SPAM, true);
    expect(await uncached.hasFeature(org.id, SPAM)).toBe(true);
  });
});
