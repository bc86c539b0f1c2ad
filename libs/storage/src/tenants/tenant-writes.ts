import { randomBytes } from 'node:crypto';
import { assertFeatureFlagName } from './feature-flags';
import { FOREIGN_KEY_VIOLATION, pgErrorCode, UNIQUE_VIOLATION } from './pg-error-code';
import { TenantConflictError, TenantNotFoundError } from './tenant-errors';
import { assertTenantId, toSafeId } from './tenant-ids';
import type { Queryable } from './tenant-queryable';
import {
  ORGANIZATION_COLUMNS,
  selectOrganizationBySlug,
  toOrganization,
  type OrganizationRow,
} from './tenant-reads';
import type { CreatedProjectKey, Organization, RateLimit, TenantId } from './tenant-types';
import { assertPlatform, assertRateLimit, assertSlug } from './tenant-validation';

export interface NewOrganization {
  readonly slug: string;
  /** Display name; the slug when omitted. */
  readonly name?: string;
}

export interface NewProject {
  readonly organizationId: TenantId;
  readonly slug: string;
  /** SDK platform, e.g. `javascript`; `other` when omitted. */
  readonly platform?: string;
}

export interface NewProjectKey {
  readonly projectId: TenantId;
  /** `Default` when omitted. */
  readonly label?: string;
  readonly rateLimit?: RateLimit | null;
}

/** Inserts an organisation; a taken slug raises TenantConflictError. */
export async function insertOrganization(
  db: Queryable,
  org: NewOrganization,
): Promise<Organization> {
  assertSlug(org.slug, 'organization');
  try {
    const { rows } = await db.query<OrganizationRow>(
      `INSERT INTO organizations (slug, name) VALUES ($1, $2) RETURNING ${ORGANIZATION_COLUMNS}`,
      [org.slug, org.name?.trim() || org.slug],
    );
    return toOrganization(rows[0]);
  } catch (err) {
    if (pgErrorCode(err) === UNIQUE_VIOLATION) {
      throw new TenantConflictError(`Organization "${org.slug}" already exists`);
    }
    throw err;
  }
}

/** Returns the organisation with this slug, creating it first if missing (the name of an existing one is kept). */
export async function ensureOrganization(
  db: Queryable,
  org: NewOrganization,
): Promise<Organization> {
  assertSlug(org.slug, 'organization');
  const { rows } = await db.query<OrganizationRow>(
    `INSERT INTO organizations (slug, name) VALUES ($1, $2)
     ON CONFLICT (slug) DO NOTHING RETURNING ${ORGANIZATION_COLUMNS}`,
    [org.slug, org.name?.trim() || org.slug],
  );
  if (rows[0]) return toOrganization(rows[0]);
  const existing = await selectOrganizationBySlug(db, org.slug);
  // Only a concurrent delete between the two statements gets here.
  if (!existing)
    throw new TenantNotFoundError(`Organization "${org.slug}" vanished while ensuring it`);
  return existing;
}

/** Inserts a project and returns its id; a taken slug in the organisation raises TenantConflictError. */
export async function insertProject(
  db: Queryable,
  project: NewProject,
  { ifExists }: { ifExists: 'fail' | 'return' },
): Promise<TenantId> {
  assertTenantId(project.organizationId, 'organization');
  assertSlug(project.slug, 'project');
  const platform = project.platform ?? 'other';
  assertPlatform(platform);
  try {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO projects (organization_id, slug, platform) VALUES ($1, $2, $3)
       ON CONFLICT (organization_id, slug) DO NOTHING RETURNING id::text AS id`,
      [project.organizationId, project.slug, platform],
    );
    if (rows[0]) return toSafeId(rows[0].id);
  } catch (err) {
    if (pgErrorCode(err) === FOREIGN_KEY_VIOLATION) {
      throw new TenantNotFoundError(`Organization ${project.organizationId} does not exist`);
    }
    throw err;
  }
  if (ifExists === 'fail') {
    throw new TenantConflictError(
      `Project "${project.slug}" already exists in organization ${project.organizationId}`,
    );
  }
  const { rows } = await db.query<{ id: string }>(
    'SELECT id::text AS id FROM projects WHERE organization_id = $1 AND slug = $2',
    [project.organizationId, project.slug],
  );
  if (!rows[0])
    throw new TenantNotFoundError(`Project "${project.slug}" vanished while ensuring it`);
  return toSafeId(rows[0].id);
}

/** Mints a key pair (32 hex characters each, the length Relay requires) for a project. */
export async function insertProjectKey(
  db: Queryable,
  key: NewProjectKey,
): Promise<CreatedProjectKey> {
  assertTenantId(key.projectId, 'project');
  const rateLimit = key.rateLimit ?? null;
  if (rateLimit) assertRateLimit(rateLimit);
  const label = key.label?.trim() || 'Default';
  const publicKey = randomBytes(16).toString('hex');
  const secretKey = randomBytes(16).toString('hex');
  try {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO project_keys
         (project_id, public_key, secret_key, label, rate_limit_count, rate_limit_window_seconds)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id`,
      [
        key.projectId,
        publicKey,
        secretKey,
        label,
        rateLimit?.count ?? null,
        rateLimit?.windowSeconds ?? null,
      ],
    );
    return {
      id: toSafeId(rows[0].id),
      projectId: key.projectId,
      isActive: true,
      rateLimit,
      publicKey,
      secretKey,
      label,
    };
  } catch (err) {
    if (pgErrorCode(err) === FOREIGN_KEY_VIOLATION) {
      throw new TenantNotFoundError(`Project ${key.projectId} does not exist`);
    }
    throw err;
  }
}

/** Marks a key inactive (kept, so its events can still be attributed); unknown keys raise TenantNotFoundError. */
export async function deactivateProjectKey(db: Queryable, publicKey: string): Promise<void> {
  const { rowCount } = await db.query(
    'UPDATE project_keys SET is_active = false WHERE public_key = $1',
    [publicKey],
  );
  if (!rowCount) throw new TenantNotFoundError(`Project key "${publicKey}" does not exist`);
}

export async function upsertFeature(
  db: Queryable,
  organizationId: TenantId,
  flag: string,
  enabled: boolean,
): Promise<void> {
  assertTenantId(organizationId, 'organization');
  assertFeatureFlagName(flag);
  try {
    await db.query(
      `INSERT INTO organization_features (organization_id, feature, enabled) VALUES ($1, $2, $3)
       ON CONFLICT (organization_id, feature) DO UPDATE SET enabled = EXCLUDED.enabled`,
      [organizationId, flag, enabled],
    );
  } catch (err) {
    if (pgErrorCode(err) === FOREIGN_KEY_VIOLATION) {
      throw new TenantNotFoundError(`Organization ${organizationId} does not exist`);
    }
    throw err;
  }
}

/** One produced feedback's effect on its project's flags. */
export interface FeedbackSighting {
  readonly projectId: TenantId;
  /** The feedback came from a new-style feedback envelope (sets has_new_feedbacks too). */
  readonly newFeedback: boolean;
}

/**
 * Sets has_feedbacks (and has_new_feedbacks for new-style feedback) in one
 * statement for a whole batch. Rows whose flags are already set are not
 * touched, so a replay writes nothing. Returns the projects that changed.
 */
export async function markFeedbackSightings(
  db: Queryable,
  sightings: readonly FeedbackSighting[],
): Promise<TenantId[]> {
  const merged = new Map<TenantId, boolean>();
  for (const s of sightings)
    merged.set(s.projectId, (merged.get(s.projectId) ?? false) || s.newFeedback);
  if (merged.size === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `UPDATE projects p
        SET has_feedbacks = true, has_new_feedbacks = p.has_new_feedbacks OR f.new_feedback
       FROM unnest($1::bigint[], $2::boolean[]) AS f(id, new_feedback)
      WHERE p.id = f.id AND (NOT p.has_feedbacks OR (f.new_feedback AND NOT p.has_new_feedbacks))
      RETURNING p.id::text AS id`,
    [[...merged.keys()], [...merged.values()]],
  );
  return rows.map((row) => toSafeId(row.id));
}

/** What one post-processed event tells about its project. */
export interface EventSighting {
  readonly projectId: TenantId;
  /** The error event's time; null for events that are not errors. */
  readonly firstEventAt: Date | null;
  readonly transaction: boolean;
  readonly flags: boolean;
}

/**
 * Sets first_event (the earliest error of the batch, only while unset),
 * has_transactions and has_flags in one statement for a whole batch. Rows
 * already carrying what the batch would set are not touched, so a replay
 * writes nothing. Returns the projects that changed.
 */
export async function markEventSightings(db: Queryable, sightings: readonly EventSighting[]): Promise<TenantId[]> {
  const merged = new Map<TenantId, { first: Date | null; transaction: boolean; flags: boolean }>();
  for (const s of sightings) {
    const seen = merged.get(s.projectId) ?? { first: null, transaction: false, flags: false };
    const first = s.firstEventAt && (!seen.first || s.firstEventAt < seen.first) ? s.firstEventAt : seen.first;
    merged.set(s.projectId, { first, transaction: seen.transaction || s.transaction, flags: seen.flags || s.flags });
  }
  if (merged.size === 0) return [];
  const values = [...merged.values()];
  const { rows } = await db.query<{ id: string }>(
    `UPDATE projects p
        SET first_event = COALESCE(p.first_event, f.first_event),
            has_transactions = p.has_transactions OR f.transaction,
            has_flags = p.has_flags OR f.flags
       FROM unnest($1::bigint[], $2::timestamptz[], $3::boolean[], $4::boolean[]) AS f(id, first_event, transaction, flags)
      WHERE p.id = f.id
        AND ((p.first_event IS NULL AND f.first_event IS NOT NULL) OR (f.transaction AND NOT p.has_transactions) OR (f.flags AND NOT p.has_flags))
      RETURNING p.id::text AS id`,
    [[...merged.keys()], values.map((v) => v.first?.toISOString() ?? null), values.map((v) => v.transaction), values.map((v) => v.flags)],
  );
  return rows.map((row) => toSafeId(row.id));
}
