import type { Migration } from '@issuestream/storage';

/** History table of the API token migrations (apply with `migrate(pool, apiTokenMigrations, { table })`). */
export const API_TOKEN_MIGRATIONS_TABLE = 'api_token_migrations';

/**
 * Organisation API tokens. Only a SHA-256 of the secret is kept: tokens are
 * 32 random bytes, so a fast digest is as safe as a slow password hash and
 * lets every request find its token by an index lookup. The organisation id
 * is a plain column like the other tables' tenant ids.
 */
export const apiTokenMigrations: Migration[] = [
  {
    version: 1,
    name: 'org_api_tokens',
    up: `
      CREATE TABLE org_api_tokens (
        id bigserial PRIMARY KEY,
        organization_id bigint NOT NULL,
        token_hash char(64) NOT NULL UNIQUE,
        token_prefix text NOT NULL,
        label text NOT NULL,
        scopes text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE INDEX org_api_tokens_organization ON org_api_tokens (organization_id);`,
  },
];
