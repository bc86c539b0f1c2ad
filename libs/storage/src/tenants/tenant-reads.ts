import { toSafeId } from './tenant-ids';
import type { Queryable } from './tenant-queryable';
import type { Organization, ProjectInfo, ProjectKey, RateLimit, TenantId } from './tenant-types';

// Bulk reads: one statement for however many ids a batch brings. Ids go in
// and come out as text so pg never rounds a bigint on the way.

interface ProjectRow {
  id: string;
  organization_id: string;
  slug: string;
  platform: string;
  organization_slug: string;
  has_feedbacks: boolean;
  has_new_feedbacks: boolean;
  first_event: Date | null;
  has_transactions: boolean;
  has_flags: boolean;
}

const PROJECT_COLUMNS = `p.id::text AS id, p.organization_id::text AS organization_id, p.slug,
  p.platform, o.slug AS organization_slug, p.has_feedbacks, p.has_new_feedbacks,
  p.first_event, p.has_transactions, p.has_flags`;

function toProjectInfo(row: ProjectRow): ProjectInfo {
  const organizationId = toSafeId(row.organization_id);
  return {
    id: toSafeId(row.id),
    organizationId,
    slug: row.slug,
    platform: row.platform,
    organization: { id: organizationId, slug: row.organization_slug },
    hasFeedbacks: row.has_feedbacks,
    hasNewFeedbacks: row.has_new_feedbacks,
    firstEvent: row.first_event,
    hasTransactions: row.has_transactions,
    hasFlags: row.has_flags,
  };
}

export async function selectProjects(
  db: Queryable,
  ids: readonly TenantId[],
): Promise<ProjectInfo[]> {
  const { rows } = await db.query<ProjectRow>(
    `SELECT ${PROJECT_COLUMNS}
       FROM projects p JOIN organizations o ON o.id = p.organization_id
      WHERE p.id = ANY($1::bigint[])`,
    [ids],
  );
  return rows.map(toProjectInfo);
}

export async function selectOrganizationProjects(db: Queryable, organizationId: TenantId): Promise<ProjectInfo[]> {
  const { rows } = await db.query<ProjectRow>(
    `SELECT ${PROJECT_COLUMNS}
       FROM projects p JOIN organizations o ON o.id = p.organization_id
      WHERE p.organization_id = $1 ORDER BY p.slug`,
    [organizationId],
  );
  return rows.map(toProjectInfo);
}

export async function selectProjectBySlug(
  db: Queryable,
  organizationSlug: string,
  projectSlug: string,
): Promise<ProjectInfo | undefined> {
  const { rows } = await db.query<ProjectRow>(
    `SELECT ${PROJECT_COLUMNS}
       FROM projects p JOIN organizations o ON o.id = p.organization_id
      WHERE o.slug = $1 AND p.slug = $2`,
    [organizationSlug, projectSlug],
  );
  return rows[0] && toProjectInfo(rows[0]);
}

export interface OrganizationRow {
  id: string;
  slug: string;
  name: string;
  created_at: Date;
}

export function toOrganization(row: OrganizationRow): Organization {
  return { id: toSafeId(row.id), slug: row.slug, name: row.name, createdAt: row.created_at };
}

export const ORGANIZATION_COLUMNS = 'id::text AS id, slug, name, created_at';

export async function selectOrganizationById(db: Queryable, id: TenantId): Promise<Organization | undefined> {
  const { rows } = await db.query<OrganizationRow>(`SELECT ${ORGANIZATION_COLUMNS} FROM organizations WHERE id = $1`, [id]);
  return rows[0] && toOrganization(rows[0]);
}

export async function selectOrganizationBySlug(
  db: Queryable,
  slug: string,
): Promise<Organization | undefined> {
  const { rows } = await db.query<OrganizationRow>(
    `SELECT ${ORGANIZATION_COLUMNS} FROM organizations WHERE slug = $1`,
    [slug],
  );
  return rows[0] && toOrganization(rows[0]);
}

/** Both columns or neither (a CHECK constraint guarantees it). */
export function toRateLimit(count: number | null, windowSeconds: number | null): RateLimit | null {
  return count !== null && windowSeconds !== null ? { count, windowSeconds } : null;
}

export async function selectProjectKeys(
  db: Queryable,
  publicKeys: readonly string[],
): Promise<Map<string, ProjectKey>> {
  const { rows } = await db.query<{
    id: string;
    project_id: string;
    public_key: string;
    is_active: boolean;
    rate_limit_count: number | null;
    rate_limit_window_seconds: number | null;
  }>(
    `SELECT id::text AS id, project_id::text AS project_id, public_key, is_active,
            rate_limit_count, rate_limit_window_seconds
       FROM project_keys WHERE public_key = ANY($1::text[])`,
    [publicKeys],
  );
  return new Map(
    rows.map((row) => [
      row.public_key,
      {
        id: toSafeId(row.id),
        projectId: toSafeId(row.project_id),
        isActive: row.is_active,
        rateLimit: toRateLimit(row.rate_limit_count, row.rate_limit_window_seconds),
      },
    ]),
  );
}

export interface FeatureOverride {
  readonly organizationId: TenantId;
  readonly feature: string;
  readonly enabled: boolean;
}

/** Rows for every (organisation, flag) combination of the two lists that has one. */
export async function selectFeatureOverrides(
  db: Queryable,
  organizationIds: readonly TenantId[],
  flags: readonly string[],
): Promise<FeatureOverride[]> {
  const { rows } = await db.query<{ organization_id: string; feature: string; enabled: boolean }>(
    `SELECT organization_id::text AS organization_id, feature, enabled
       FROM organization_features
      WHERE organization_id = ANY($1::bigint[]) AND feature = ANY($2::text[])`,
    [organizationIds, flags],
  );
  return rows.map((row) => ({
    organizationId: toSafeId(row.organization_id),
    feature: row.feature,
    enabled: row.enabled,
  }));
}
