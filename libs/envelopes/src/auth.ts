import { EnvelopeError, malformed } from './errors';

export const PROTOCOL_VERSION = 7;

export type AuthSource = 'x-sentry-auth' | 'authorization' | 'query' | 'envelope-dsn';

export interface SentryAuth {
  /** 32-char public key, flags (".no-cache") removed. */
  readonly publicKey: string;
  readonly source: AuthSource;
  readonly version?: number;
  readonly client?: string;
  /** From the envelope header DSN, when that was the source. */
  readonly projectId?: number;
}

export interface AuthRequest {
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Query parameters (first value of each). */
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The envelope header's `dsn`, for the envelope endpoint. */
  readonly envelopeDsn?: unknown;
}

const unauthorized = (reason: 'missing_auth' | 'multiple_auth' | 'invalid_auth', detail: string) => new EnvelopeError(401, reason, detail);

const header = (req: AuthRequest, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : (value as string | undefined);
};

/** `Sentry k=v, k=v` → pairs; undefined when the value does not start with "Sentry ". */
export function parseSentryAuthHeader(value: string): Record<string, string> | undefined {
  const match = /^\s*sentry\s+(.*)$/is.exec(value);
  if (!match) return undefined;
  const pairs: Record<string, string> = {};
  for (const part of (match[1] ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const key = part.slice(0, eq).trim();
    if (key) pairs[key] = part.slice(eq + 1).trim();
  }
  return pairs;
}

/** A `sentry_key` value without its dot-separated flags; 400 unless exactly 32 chars. */
export function parsePublicKey(raw: string): string {
  const key = raw.split('.')[0] ?? '';
  if (key.length !== 32 || !/^[\x21-\x7e]+$/.test(key)) throw malformed('bad_public_key', 'bad public key');
  return key;
}

/** The URL's project id; 400 unless an unsigned integer. */
export function parseProjectId(raw: string): number {
  if (!/^\d{1,16}$/.test(raw)) throw malformed('bad_project_id', 'bad project path');
  const id = Number(raw);
  if (!Number.isSafeInteger(id)) throw malformed('bad_project_id', 'bad project path');
  return id;
}

function fromPairs(pairs: Record<string, string | undefined>, source: AuthSource): SentryAuth {
  const key = pairs['sentry_key'];
  if (!key) throw unauthorized('missing_auth', 'missing authorization information: no sentry_key');
  const versionText = pairs['sentry_version'];
  let version: number | undefined;
  if (versionText !== undefined && versionText !== '') {
    version = Number.parseFloat(versionText);
    if (!Number.isFinite(version)) throw unauthorized('invalid_auth', 'invalid sentry_version');
    if (version > PROTOCOL_VERSION) throw malformed('unsupported_version', `unsupported protocol version (${versionText})`);
  }
  const client = pairs['sentry_client'];
  return { publicKey: parsePublicKey(key), source, ...(version !== undefined ? { version } : {}), ...(client ? { client } : {}) };
}

/** `{PROTOCOL}://{PUBLIC_KEY}[:{SECRET}]@{HOST}{PATH}/{PROJECT_ID}` → key and project id. */
export function parseDsn(dsn: unknown): { publicKey: string; projectId: number } {
  if (typeof dsn !== 'string') throw unauthorized('invalid_auth', 'bad envelope authentication header: dsn is not a string');
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    throw unauthorized('invalid_auth', 'bad envelope authentication header: invalid dsn');
  }
  const projectText = url.pathname.split('/').filter(Boolean).pop();
  if (!url.username || !projectText || !/^\d+$/.test(projectText)) throw unauthorized('invalid_auth', 'bad envelope authentication header: invalid dsn');
  return { publicKey: parsePublicKey(decodeURIComponent(url.username)), projectId: Number(projectText) };
}

/**
 * Finds the request's credentials: exactly one of X-Sentry-Auth, a Sentry or
 * Basic Authorization header, or `sentry_*` query parameters; the envelope
 * header's `dsn` only when none of those exist, and otherwise it must agree
 * with them. 401 for missing, multiple or unparsable auth; 400 for a bad key,
 * an unsupported version or a mismatch.
 */
export function extractAuth(req: AuthRequest): SentryAuth {
  const found: SentryAuth[] = [];
  const xSentry = header(req, 'x-sentry-auth');
  if (xSentry !== undefined) {
    const pairs = parseSentryAuthHeader(xSentry);
    if (!pairs) throw unauthorized('invalid_auth', 'invalid X-Sentry-Auth header');
    found.push(fromPairs(pairs, 'x-sentry-auth'));
  }
  const authorization = header(req, 'authorization');
  if (authorization !== undefined) {
    const pairs = parseSentryAuthHeader(authorization);
    if (pairs) found.push(fromPairs(pairs, 'authorization'));
    else {
      const basic = /^\s*basic\s+(\S+)\s*$/i.exec(authorization);
      if (basic) {
        const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
        found.push(fromPairs({ sentry_key: decoded.split(':')[0] }, 'authorization'));
      }
    }
  }
  const queryPairs = Object.fromEntries(Object.entries(req.query).filter(([name]) => name.startsWith('sentry_')));
  if (Object.keys(queryPairs).length > 0) found.push(fromPairs(queryPairs, 'query'));

  if (found.length > 1) throw unauthorized('multiple_auth', 'multiple authorization payloads detected');
  const dsn = req.envelopeDsn;
  const fromDsn = dsn === undefined || dsn === null ? undefined : parseDsn(dsn);
  const auth = found[0];
  if (!auth) {
    if (!fromDsn) throw unauthorized('missing_auth', 'missing authorization information');
    return { publicKey: fromDsn.publicKey, projectId: fromDsn.projectId, source: 'envelope-dsn' };
  }
  if (fromDsn && fromDsn.publicKey !== auth.publicKey) throw malformed('auth_mismatch', 'public key header mismatch between envelope and request');
  return fromDsn ? { ...auth, projectId: fromDsn.projectId } : auth;
}

/** 400 when the envelope's DSN names another project than the URL. */
export function checkDsnProject(auth: SentryAuth, urlProjectId: number): void {
  if (auth.projectId !== undefined && auth.projectId !== urlProjectId) throw malformed('auth_mismatch', 'project id header mismatch between envelope and request');
}

/** The first line of an envelope body (its header) as JSON, for reading `dsn` before full parsing; undefined if unparsable. */
export function peekEnvelopeHeader(body: Buffer): Record<string, unknown> | undefined {
  const end = body.indexOf(0x0a);
  try {
    const value: unknown = JSON.parse(body.subarray(0, end === -1 ? body.length : end).toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
