import type { Pool } from 'pg';
import type { ApiScope } from './scopes';
import { hashToken, newTokenSecret, tokenDisplayPrefix } from './token-secret';

export interface OrgApiToken {
  id: number;
  organizationId: number;
  label: string;
  scopes: ApiScope[];
  /** The first characters of the secret, for listings. */
  prefix: string;
  createdAt: Date;
}

/** A token as created: the secret is returned once and never stored. */
export interface CreatedOrgApiToken extends OrgApiToken {
  secret: string;
}

interface TokenRecord {
  id: string;
  organization_id: string;
  label: string;
  scopes: ApiScope[];
  token_prefix: string;
  created_at: Date;
}

const toToken = (row: TokenRecord): OrgApiToken => ({
  id: Number(row.id),
  organizationId: Number(row.organization_id),
  label: row.label,
  scopes: row.scopes,
  prefix: row.token_prefix,
  createdAt: row.created_at,
});

const COLUMNS = 'id, organization_id, label, scopes, token_prefix, created_at';

export class ApiTokenStore {
  constructor(private readonly pool: Pool) {}

  async create(input: { organizationId: number; scopes: readonly ApiScope[]; label?: string }): Promise<CreatedOrgApiToken> {
    const secret = newTokenSecret();
    const { rows } = await this.pool.query<TokenRecord>(
      `INSERT INTO org_api_tokens (organization_id, token_hash, token_prefix, label, scopes)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [input.organizationId, hashToken(secret), tokenDisplayPrefix(secret), input.label ?? 'api token', [...input.scopes]],
    );
    const row = rows[0];
    if (!row) throw new Error('token insert returned no row');
    return { ...toToken(row), secret };
  }

  /** The live token with this secret, or undefined (unknown or revoked). */
  async findBySecret(secret: string): Promise<OrgApiToken | undefined> {
    const { rows } = await this.pool.query<TokenRecord>(
      `SELECT ${COLUMNS} FROM org_api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
      [hashToken(secret)],
    );
    return rows[0] ? toToken(rows[0]) : undefined;
  }

  async list(organizationId: number): Promise<OrgApiToken[]> {
    const { rows } = await this.pool.query<TokenRecord>(
      `SELECT ${COLUMNS} FROM org_api_tokens WHERE organization_id = $1 AND revoked_at IS NULL ORDER BY id`,
      [organizationId],
    );
    return rows.map(toToken);
  }

  /** True when a live token of the organisation was revoked. */
  async revoke(organizationId: number, id: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE org_api_tokens SET revoked_at = now() WHERE organization_id = $1 AND id = $2 AND revoked_at IS NULL',
      [organizationId, id],
    );
    return (rowCount ?? 0) > 0;
  }
}
