import type { Migration } from '../migrations/migration';

/**
 * Tables are unqualified so they land in the first schema of the session's
 * search_path (public in production, a throw-away schema in tests). Apply
 * with `migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE })`:
 * the tenant history is kept apart from the consumers' own migrations.
 *
 * Slugs and keys are also checked here, not only in code, so rows written
 * by hand (psql during an incident) cannot break the lookups.
 */
export const TENANT_MIGRATIONS_TABLE = 'tenant_migrations';

export const tenantMigrations: Migration[] = [
  {
    version: 1,
    name: 'organizations_and_projects',
    up: `
      CREATE TABLE organizations (
        id bigserial PRIMARY KEY,
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9_-]{0,49}$'),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE projects (
        id bigserial PRIMARY KEY,
        organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        slug text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9_-]{0,49}$'),
        platform text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, slug)
      );
    `,
  },
  {
    version: 2,
    name: 'project_keys',
    up: `
      CREATE TABLE project_keys (
        id bigserial PRIMARY KEY,
        project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        public_key text NOT NULL UNIQUE CHECK (public_key ~ '^[0-9a-f]{32}$'),
        secret_key text NOT NULL CHECK (secret_key ~ '^[0-9a-f]{32}$'),
        label text NOT NULL,
        is_active boolean NOT NULL DEFAULT true,
        rate_limit_count integer NULL CHECK (rate_limit_count > 0),
        rate_limit_window_seconds integer NULL CHECK (rate_limit_window_seconds > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- A limit needs both halves; half a limit would be read as "no limit".
        CHECK ((rate_limit_count IS NULL) = (rate_limit_window_seconds IS NULL))
      );
      CREATE INDEX project_keys_project_id_idx ON project_keys (project_id);
    `,
  },
  {
    version: 3,
    name: 'features_and_options',
    up: `
      CREATE TABLE organization_features (
        organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        feature text NOT NULL,
        enabled boolean NOT NULL,
        PRIMARY KEY (organization_id, feature)
      );
      CREATE TABLE organization_options (
        organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        key text NOT NULL,
        value jsonb NOT NULL,
        PRIMARY KEY (organization_id, key)
      );
      CREATE TABLE project_options (
        project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        key text NOT NULL,
        value jsonb NOT NULL,
        PRIMARY KEY (project_id, key)
      );
      -- Server-wide options (e.g. feedback.message.max-size); a row overrides the code default.
      CREATE TABLE global_options (
        key text PRIMARY KEY,
        value jsonb NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'project_feedback_flags',
    // Set once, by the feedback consumer, when a project's first feedback is produced; never cleared.
    up: `
      ALTER TABLE projects
        ADD COLUMN has_feedbacks boolean NOT NULL DEFAULT false,
        ADD COLUMN has_new_feedbacks boolean NOT NULL DEFAULT false;
    `,
  },
  {
    version: 5,
    name: 'environments',
    // Environment names are per organisation; rows are created on first sight and never renamed.
    up: `
      CREATE TABLE environments (
        id bigserial PRIMARY KEY,
        organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, name)
      );
    `,
  },
  {
    version: 6,
    name: 'project_event_flags',
    // Set once by post-process from the errors eventstream; read by onboarding (the SDK heartbeat).
    up: `
      ALTER TABLE projects
        ADD COLUMN first_event timestamptz NULL,
        ADD COLUMN has_transactions boolean NOT NULL DEFAULT false,
        ADD COLUMN has_flags boolean NOT NULL DEFAULT false;
    `,
  },
];
