import { toSafeId } from './tenant-ids';
import type { Queryable } from './tenant-queryable';
import { toRateLimit } from './tenant-reads';
import type { RateLimit, TenantId } from './tenant-types';

export interface OrganizationListing {
  readonly id: TenantId;
  readonly slug: string;
  readonly name: string;
  /** Overrides only; flags without a row follow FEATURE_DEFAULTS. */
  readonly features: Record<string, boolean>;
  readonly options: Record<string, unknown>;
}

export interface ProjectListing {
  readonly id: TenantId;
  readonly organizationSlug: string;
  readonly slug: string;
  readonly platform: string;
  readonly options: Record<string, unknown>;
}

export interface ProjectKeyListing {
  readonly id: TenantId;
  readonly projectId: TenantId;
  readonly organizationSlug: string;
  readonly projectSlug: string;
  readonly publicKey: string;
  readonly label: string;
  readonly isActive: boolean;
  readonly rateLimit: RateLimit | null;
}

export interface TenantListing {
  readonly organizations: OrganizationListing[];
  readonly projects: ProjectListing[];
  readonly keys: ProjectKeyListing[];
  readonly globalOptions: Record<string, unknown>;
}

/**
 * Everything, for the admin CLI's `list`. Uncached and unpaginated: an
 * operator tool for a handful of tenants, not a hot path. Secrets are left
 * out (Relay ignores them anyway).
 */
export async function listTenants(db: Queryable): Promise<TenantListing> {
  const [orgs, features, orgOptions, projects, projectOptions, keys, globals] = await Promise.all([
    db.query<{ id: string; slug: string; name: string }>(
      'SELECT id::text AS id, slug, name FROM organizations ORDER BY slug',
    ),
    db.query<{ owner: string; name: string; value: boolean }>(
      'SELECT organization_id::text AS owner, feature AS name, enabled AS value FROM organization_features ORDER BY feature',
    ),
    db.query<{ owner: string; name: string; value: unknown }>(
      'SELECT organization_id::text AS owner, key AS name, value FROM organization_options ORDER BY key',
    ),
    db.query<{ id: string; organization_slug: string; slug: string; platform: string }>(
      `SELECT p.id::text AS id, o.slug AS organization_slug, p.slug, p.platform
         FROM projects p JOIN organizations o ON o.id = p.organization_id ORDER BY o.slug, p.slug`,
    ),
    db.query<{ owner: string; name: string; value: unknown }>(
      'SELECT project_id::text AS owner, key AS name, value FROM project_options ORDER BY key',
    ),
    db.query<{
      id: string;
      project_id: string;
      organization_slug: string;
      project_slug: string;
      public_key: string;
      label: string;
      is_active: boolean;
      rate_limit_count: number | null;
      rate_limit_window_seconds: number | null;
    }>(
      `SELECT k.id::text AS id, k.project_id::text AS project_id, o.slug AS organization_slug,
              p.slug AS project_slug, k.public_key, k.label, k.is_active,
              k.rate_limit_count, k.rate_limit_window_seconds
         FROM project_keys k JOIN projects p ON p.id = k.project_id
         JOIN organizations o ON o.id = p.organization_id
        ORDER BY o.slug, p.slug, k.id`,
    ),
    db.query<{ name: string; value: unknown }>(
      'SELECT key AS name, value FROM global_options ORDER BY key',
    ),
  ]);
  const byOwner = <V>(rows: { owner: string; name: string; value: V }[], owner: string) =>
    Object.fromEntries(
      rows.filter((row) => row.owner === owner).map((row) => [row.name, row.value]),
    );
  return {
    organizations: orgs.rows.map((row) => ({
      id: toSafeId(row.id),
      slug: row.slug,
      name: row.name,
      features: byOwner(features.rows, row.id),
      options: byOwner(orgOptions.rows, row.id),
    })),
    projects: projects.rows.map((row) => ({
      id: toSafeId(row.id),
      organizationSlug: row.organization_slug,
      slug: row.slug,
      platform: row.platform,
      options: byOwner(projectOptions.rows, row.id),
    })),
    keys: keys.rows.map((row) => ({
      id: toSafeId(row.id),
      projectId: toSafeId(row.project_id),
      organizationSlug: row.organization_slug,
      projectSlug: row.project_slug,
      publicKey: row.public_key,
      label: row.label,
      isActive: row.is_active,
      rateLimit: toRateLimit(row.rate_limit_count, row.rate_limit_window_seconds),
    })),
    globalOptions: Object.fromEntries(globals.rows.map((row) => [row.name, row.value])),
  };
}
