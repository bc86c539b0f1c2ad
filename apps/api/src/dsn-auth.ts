import { isEnvelopeError, parseDsn } from '@issuestream/envelopes';
import type { ProjectKey, TenantStore } from '@issuestream/storage';

export type DsnAuth = { ok: true; key: ProjectKey } | { ok: false; detail: string };

const NOT_PROVIDED = 'Authentication credentials were not provided.';
const INVALID_DSN = 'Invalid dsn';

/**
 * `Authorization: DSN <public dsn>`: the key must exist, be active and belong
 * to the project in the DSN's path. Any other scheme is not accepted here:
 * there are no user sessions or API tokens in this system yet.
 */
export async function authenticateDsn(authorization: string | undefined, tenants: Pick<TenantStore, 'getProjectKey'>): Promise<DsnAuth> {
  const match = /^\s*dsn\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return { ok: false, detail: NOT_PROVIDED };
  let dsn: { publicKey: string; projectId: number };
  try {
    dsn = parseDsn(match[1]);
  } catch (error) {
    if (isEnvelopeError(error)) return { ok: false, detail: INVALID_DSN };
    throw error;
  }
  const key = await tenants.getProjectKey(dsn.publicKey);
  if (!key || !key.isActive || key.projectId !== dsn.projectId) return { ok: false, detail: INVALID_DSN };
  return { ok: true, key };
}
