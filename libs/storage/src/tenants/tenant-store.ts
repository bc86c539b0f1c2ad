import type { Pool } from 'pg';
import { writeIsolatingFailures } from '../postgres/isolate-failures';
import { ensureEnvironments, environmentKey, type EnvironmentRef } from './environments';
import { featureDefault } from './feature-flags';
import {
  assertOptionScope,
  parseOptionValue,
  type OptionDefinition,
} from './options/define-option';
import { optionCacheKey, OptionReader, type StoredOption } from './options/option-reader';
import { upsertGlobalOptionValue, upsertOwnedOptionValue } from './options/option-rows';
import type { OwnedOptionScope } from './options/option-tables';
import { FOREIGN_KEY_VIOLATION, pgErrorCode } from './pg-error-code';
import { readThrough } from './read-through';
import { TenantNotFoundError } from './tenant-errors';
import { assertTenantId, isTenantId } from './tenant-ids';
import {
  selectFeatureOverrides,
  selectOrganizationBySlug,
  selectOrganizationById,
  selectOrganizationProjects,
  selectProjectBySlug,
  selectProjectKeys,
  selectProjects,
} from './tenant-reads';
import type {
  CreatedProjectKey,
  Organization,
  ProjectInfo,
  ProjectKey,
  TenantId,
} from './tenant-types';
import {
  deactivateProjectKey,
  ensureOrganization,
  insertOrganization,
  insertProject,
  insertProjectKey,
  markEventSightings,
  markFeedbackSightings,
  upsertFeature,
  type EventSighting,
  type FeedbackSighting,
  type NewOrganization,
  type NewProject,
  type NewProjectKey,
} from './tenant-writes';
import { TtlCache } from './ttl-cache';

export interface TenantStoreOptions {
  /** How long a read is served from memory (default 10 000 ms; 0 disables caching). */
  readonly cacheTtlMs?: number;
  /** Clock for cache expiry; tests inject one instead of sleeping. */
  readonly now?: () => number;
  /** Where invalid stored option values are reported (default console.warn). */
  readonly warn?: (message: string) => void;
  /** Bound on each of the store's caches (default 10 000 entries). */
  readonly maxCacheEntries?: number;
}

const PUBLIC_KEY = /^[0-9a-f]{32}$/;
const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

/**
 * Organisations, projects, DSN keys, feature flags and options, read in bulk
 * (consumers call this once per batch) through a short in-process cache.
 * Writes through this instance invalidate its own entries at once; other
 * processes (and other instances) see a change when their entries expire,
 * i.e. within `cacheTtlMs`.
 */
export class TenantStore {
  private readonly projects: TtlCache<string, ProjectInfo>;
  private readonly keys: TtlCache<string, ProjectKey>;
  private readonly features: TtlCache<string, boolean>;
  private readonly optionValues: TtlCache<string, StoredOption>;
  private readonly environments: TtlCache<string, TenantId>;
  private readonly options: OptionReader;

  constructor(
    private readonly pool: Pool,
    opts: TenantStoreOptions = {},
  ) {
    const ttl = opts.cacheTtlMs ?? 10_000;
    const now = opts.now ?? Date.now;
    const max = opts.maxCacheEntries ?? 10_000;
    this.projects = new TtlCache(ttl, now, max);
    this.keys = new TtlCache(ttl, now, max);
    this.features = new TtlCache(ttl, now, max);
    this.optionValues = new TtlCache(ttl, now, max);
    this.environments = new TtlCache(ttl, now, max);
    const warn = opts.warn ?? ((message: string) => console.warn(message));
    this.options = new OptionReader(pool, this.optionValues, warn);
  }

  // ---- hot-path reads (cached, bulk) ----

  /** Projects with their organisation, one query for all cache misses; unknown ids are absent. */
  async getProjects(ids: readonly TenantId[]): Promise<Map<TenantId, ProjectInfo>> {
    const wanted = unique(ids).filter(isTenantId);
    const found = await readThrough(this.projects, wanted, String, async (missing) => {
      const rows = await selectProjects(this.pool, missing);
      return new Map(rows.map((project) => [String(project.id), project]));
    });
    const result = new Map<TenantId, ProjectInfo>();
    for (const project of found.values()) if (project) result.set(project.id, project);
    return result;
  }

  async getProject(id: TenantId): Promise<ProjectInfo | undefined> {
    return (await this.getProjects([id])).get(id);
  }

  /** DSN keys by public key, inactive ones included (Relay answers 403 for those); unknown keys are absent. */
  async getProjectKeys(publicKeys: readonly string[]): Promise<Map<string, ProjectKey>> {
    // Anything not shaped like a key we mint cannot exist; skipping it keeps
    // garbage from reaching Postgres or filling the cache.
    const wanted = unique(publicKeys).filter((key) => PUBLIC_KEY.test(key));
    const found = await readThrough(
      this.keys,
      wanted,
      (key) => key,
      (missing) => selectProjectKeys(this.pool, missing),
    );
    const result = new Map<string, ProjectKey>();
    for (const [publicKey, key] of found) if (key) result.set(publicKey, key);
    return result;
  }

  async getProjectKey(publicKey: string): Promise<ProjectKey | undefined> {
    return (await this.getProjectKeys([publicKey])).get(publicKey);
  }

  /**
   * The enabled subset of `flags` for each organisation: a row in
   * organization_features wins, otherwise FEATURE_DEFAULTS (unlisted flags
   * are off). Every valid requested id gets an entry; existence of the
   * organisation is not checked (an unknown one simply gets the defaults).
   */
  async featuresFor(
    organizationIds: readonly TenantId[],
    flags: readonly string[],
  ): Promise<Map<TenantId, Set<string>>> {
    const orgs = unique(organizationIds).filter(isTenantId);
    const wantedFlags = unique(flags);
    const pairKey = (orgId: TenantId, flag: string) => `${orgId}|${flag}`;
    const pairs = orgs.flatMap((orgId) => wantedFlags.map((flag) => ({ orgId, flag })));
    const overrides = await readThrough(
      this.features,
      pairs,
      (pair) => pairKey(pair.orgId, pair.flag),
      async (missing) => {
        const rows = await selectFeatureOverrides(
          this.pool,
          unique(missing.map((pair) => pair.orgId)),
          unique(missing.map((pair) => pair.flag)),
        );
        return new Map(rows.map((row) => [pairKey(row.organizationId, row.feature), row.enabled]));
      },
    );
    return new Map(
      orgs.map((orgId) => [
        orgId,
        new Set(
          wantedFlags.filter((flag) => overrides.get(pairKey(orgId, flag)) ?? featureDefault(flag)),
        ),
      ]),
    );
  }

  async hasFeature(organizationId: TenantId, flag: string): Promise<boolean> {
    const enabled = await this.featuresFor([organizationId], [flag]);
    return enabled.get(organizationId)?.has(flag) ?? featureDefault(flag);
  }

  /** Treat returned option values as read-only: they are shared with the cache. */
  getGlobalOption<T>(option: OptionDefinition<T, 'global'>): Promise<T> {
    return this.options.global(option);
  }

  getOrganizationOptions<T>(
    organizationIds: readonly TenantId[],
    option: OptionDefinition<T, 'organization'>,
  ): Promise<Map<TenantId, T>> {
    return this.options.owned('organization', organizationIds, option);
  }

  async getOrganizationOption<T>(
    organizationId: TenantId,
    option: OptionDefinition<T, 'organization'>,
  ): Promise<T> {
    const values = await this.getOrganizationOptions([organizationId], option);
    return values.get(organizationId) ?? option.default;
  }

  getProjectOptions<T>(
    projectIds: readonly TenantId[],
    option: OptionDefinition<T, 'project'>,
  ): Promise<Map<TenantId, T>> {
    return this.options.owned('project', projectIds, option);
  }

  async getProjectOption<T>(
    projectId: TenantId,
    option: OptionDefinition<T, 'project'>,
  ): Promise<T> {
    const values = await this.getProjectOptions([projectId], option);
    return values.get(projectId) ?? option.default;
  }

  /**
   * Environment ids by `environmentKey`, creating the environments not seen
   * before (get-or-create, in bulk). An environment that cannot be stored
   * (e.g. a name Postgres refuses) maps to its Error; the others are still
   * resolved. Transient database errors are thrown.
   */
  async ensureEnvironments(
    refs: readonly EnvironmentRef[],
  ): Promise<Map<string, TenantId | Error>> {
    const result = new Map<string, TenantId | Error>();
    const missing = new Map<string, EnvironmentRef>();
    for (const ref of refs) {
      const key = environmentKey(ref);
      if (result.has(key) || missing.has(key)) continue;
      const hit = this.environments.lookup(key)?.value;
      if (hit !== undefined) result.set(key, hit);
      else missing.set(key, ref);
    }
    const wanted = [...missing.values()];
    const ids = await writeIsolatingFailures(wanted, (some) => ensureEnvironments(this.pool, some));
    wanted.forEach((ref, i) => {
      const id = ids[i] ?? new Error('no result');
      result.set(environmentKey(ref), id);
      if (!(id instanceof Error)) this.environments.set(environmentKey(ref), id);
    });
    return result;
  }

  // ---- admin reads (uncached: the CLI and seeding resolve slugs once) ----

  getOrganizationBySlug(slug: string): Promise<Organization | undefined> {
    return selectOrganizationBySlug(this.pool, slug);
  }

  getOrganization(id: TenantId): Promise<Organization | undefined> {
    return selectOrganizationById(this.pool, id);
  }

  /** Every project of the organisation, by slug (uncached: the api reads it once per request). */
  listOrganizationProjects(organizationId: TenantId): Promise<ProjectInfo[]> {
    return selectOrganizationProjects(this.pool, organizationId);
  }

  getProjectBySlug(
    organizationSlug: string,
    projectSlug: string,
  ): Promise<ProjectInfo | undefined> {
    return selectProjectBySlug(this.pool, organizationSlug, projectSlug);
  }

  // ---- writes (invalidate this instance's affected entries) ----

  /** Fails with TenantConflictError when the slug is taken; see ensureOrganization. */
  createOrganization(org: NewOrganization): Promise<Organization> {
    return insertOrganization(this.pool, org);
  }

  /** Creates the organisation or returns the existing one with that slug (for seeding). */
  ensureOrganization(org: NewOrganization): Promise<Organization> {
    return ensureOrganization(this.pool, org);
  }

  /** Fails with TenantConflictError when the organisation already has that slug; see ensureProject. */
  createProject(project: NewProject): Promise<ProjectInfo> {
    return this.saveProject(project, 'fail');
  }

  /** Creates the project or returns the existing one with that slug (its platform is kept). */
  ensureProject(project: NewProject): Promise<ProjectInfo> {
    return this.saveProject(project, 'return');
  }

  /** Mints a key pair for the project; build the DSN with `buildDsn`. */
  async createProjectKey(key: NewProjectKey): Promise<CreatedProjectKey> {
    const created = await insertProjectKey(this.pool, key);
    this.keys.delete(created.publicKey);
    return created;
  }

  async deactivateKey(publicKey: string): Promise<void> {
    await deactivateProjectKey(this.pool, publicKey);
    this.keys.delete(publicKey);
  }

  /**
   * Sets the projects' has_feedbacks / has_new_feedbacks flags for a batch of
   * produced feedback. Projects this instance has cached with the flags
   * already set are skipped, so a steady stream costs no query; the UPDATE
   * only touches rows whose flags change. Returns the projects that changed.
   */
  async markFeedbackReceived(sightings: readonly FeedbackSighting[]): Promise<TenantId[]> {
    const needed = sightings.filter((s) => {
      const cached = this.projects.lookup(String(s.projectId))?.value;
      return !cached || !cached.hasFeedbacks || (s.newFeedback && !cached.hasNewFeedbacks);
    });
    if (needed.length === 0) return [];
    const changed = await markFeedbackSightings(this.pool, needed);
    for (const id of changed) this.projects.delete(String(id));
    return changed;
  }

  /**
   * Sets the projects' first_event / has_transactions / has_flags for a batch
   * of post-processed events. Projects this instance has cached with those
   * flags already set are skipped, so a steady stream costs no query.
   * Returns the projects that changed.
   */
  async markEventsReceived(sightings: readonly EventSighting[]): Promise<TenantId[]> {
    const needed = sightings.filter((s) => {
      const cached = this.projects.lookup(String(s.projectId))?.value;
      return !cached || (s.firstEventAt !== null && cached.firstEvent === null) || (s.transaction && !cached.hasTransactions) || (s.flags && !cached.hasFlags);
    });
    if (needed.length === 0) return [];
    const changed = await markEventSightings(this.pool, needed);
    for (const id of changed) this.projects.delete(String(id));
    return changed;
  }

  async setFeature(organizationId: TenantId, flag: string, enabled: boolean): Promise<void> {
    await upsertFeature(this.pool, organizationId, flag, enabled);
    this.features.delete(`${organizationId}|${flag}`);
  }

  /** Validates against the option's schema; InvalidOptionValueError names the option. */
  async setGlobalOption<T>(option: OptionDefinition<T, 'global'>, value: T): Promise<void> {
    assertOptionScope(option, 'global');
    const parsed = parseOptionValue(option, value);
    await upsertGlobalOptionValue(this.pool, option.key, parsed);
    this.optionValues.delete(optionCacheKey('global', null, option.key));
  }

  setOrganizationOption<T>(
    organizationId: TenantId,
    option: OptionDefinition<T, 'organization'>,
    value: T,
  ): Promise<void> {
    return this.setOwnedOption('organization', organizationId, option, value);
  }

  setProjectOption<T>(
    projectId: TenantId,
    option: OptionDefinition<T, 'project'>,
    value: T,
  ): Promise<void> {
    return this.setOwnedOption('project', projectId, option, value);
  }

  /** Drops every cached entry (e.g. after editing tenant rows by hand). */
  clearCache(): void {
    for (const cache of [
      this.projects,
      this.keys,
      this.features,
      this.optionValues,
      this.environments,
    ])
      cache.clear();
  }

  private async saveProject(
    project: NewProject,
    ifExists: 'fail' | 'return',
  ): Promise<ProjectInfo> {
    const id = await insertProject(this.pool, project, { ifExists });
    // A consumer may have looked the id up before it existed; forget that.
    this.projects.delete(String(id));
    const saved = await this.getProject(id);
    if (!saved) throw new TenantNotFoundError(`Project ${id} vanished right after it was saved`);
    return saved;
  }

  private async setOwnedOption<T>(
    scope: OwnedOptionScope,
    ownerId: TenantId,
    option: OptionDefinition<T>,
    value: T,
  ): Promise<void> {
    assertTenantId(ownerId, scope);
    assertOptionScope(option, scope);
    const parsed = parseOptionValue(option, value);
    try {
      await upsertOwnedOptionValue(this.pool, scope, ownerId, option.key, parsed);
    } catch (err) {
      if (pgErrorCode(err) === FOREIGN_KEY_VIOLATION) {
        throw new TenantNotFoundError(
          `${scope === 'project' ? 'Project' : 'Organization'} ${ownerId} does not exist`,
        );
      }
      throw err;
    }
    this.optionValues.delete(optionCacheKey(scope, ownerId, option.key));
  }
}
