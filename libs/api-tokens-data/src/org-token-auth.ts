import type { Organization } from '@issuestream/storage';
import type { ApiTokenStore, OrgApiToken } from './api-token-store';
import type { ApiScope } from './scopes';

export type OrgTokenAuth =
  | { ok: true; token: OrgApiToken; organization: Organization }
  | { ok: false; status: 401 | 403 | 404; detail: string };

export const NOT_PROVIDED = 'Authentication credentials were not provided.';
export const INVALID_TOKEN = 'Invalid token';
export const NO_PERMISSION = 'You do not have permission to perform this action.';
export const NOT_FOUND = 'The requested resource does not exist';

/** The token in `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

/**
 * An organisation token may act only on its own organisation, and only with
 * one of the scopes the endpoint accepts. A token of another organisation is
 * answered exactly like an unknown organisation (404), so a token holder
 * cannot probe which slugs exist.
 */
export async function authenticateOrgToken(
  secret: string | undefined,
  organizationSlug: string,
  acceptedScopes: readonly ApiScope[],
  deps: { tokens: Pick<ApiTokenStore, 'findBySecret'>; organizationBySlug: (slug: string) => Promise<Organization | undefined> },
): Promise<OrgTokenAuth> {
  if (!secret) return { ok: false, status: 401, detail: NOT_PROVIDED };
  const token = await deps.tokens.findBySecret(secret);
  if (!token) return { ok: false, status: 401, detail: INVALID_TOKEN };
  const organization = await deps.organizationBySlug(organizationSlug);
  if (!organization || organization.id !== token.organizationId) return { ok: false, status: 404, detail: NOT_FOUND };
  if (!token.scopes.some((s) => acceptedScopes.includes(s))) return { ok: false, status: 403, detail: NO_PERMISSION };
  return { ok: true, token, organization };
}
