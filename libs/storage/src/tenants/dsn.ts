import type { TenantId } from './tenant-types';

export interface DsnParts {
  readonly publicKey: string;
  readonly projectId: TenantId;
  /** `host[:port]` of the ingest endpoint (Relay or the stand-in). */
  readonly host: string;
  readonly protocol?: 'http' | 'https';
}

/** `{protocol}://{public key}@{host}/{project id}`; the secret is left out, Relay ignores it (spec-relay-envelopes §2.2). */
export function buildDsn({ publicKey, projectId, host, protocol = 'http' }: DsnParts): string {
  return `${protocol}://${publicKey}@${host}/${projectId}`;
}
