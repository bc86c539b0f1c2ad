import { checkDsnProject, extractAuth, parseDsn, parseProjectId, parseSentryAuthHeader, peekEnvelopeHeader, type AuthRequest } from './auth';
import { EnvelopeError } from './errors';

const KEY = 'a'.repeat(32);
const OTHER = 'b'.repeat(32);

function req(partial: Partial<AuthRequest>): AuthRequest {
  return { headers: {}, query: {}, ...partial };
}

function rejection(request: AuthRequest): EnvelopeError {
  try {
    extractAuth(request);
  } catch (error) {
    if (error instanceof EnvelopeError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('extractAuth', () => {
  it('reads X-Sentry-Auth (case-insensitive prefix)', () => {
    expect(extractAuth(req({ headers: { 'x-sentry-auth': `SENTRY sentry_key=${KEY}, sentry_version=7, sentry_client=sentry.javascript/8.0.0` } }))).toEqual({
      publicKey: KEY, source: 'x-sentry-auth', version: 7, client: 'sentry.javascript/8.0.0',
    });
  });

  it('reads Authorization: Sentry and Basic', () => {
    expect(extractAuth(req({ headers: { authorization: `Sentry sentry_key=${KEY}` } }))).toMatchObject({ publicKey: KEY, source: 'authorization' });
    const basic = Buffer.from(`${KEY}:secret`).toString('base64');
    expect(extractAuth(req({ headers: { authorization: `Basic ${basic}` } }))).toMatchObject({ publicKey: KEY, source: 'authorization' });
  });

  it('reads the query string and strips key flags', () => {
    expect(extractAuth(req({ query: { sentry_key: `${KEY}.no-cache`, sentry_version: '7' } }))).toMatchObject({ publicKey: KEY, source: 'query', version: 7 });
  });

  it('falls back to the envelope header dsn', () => {
    expect(extractAuth(req({ envelopeDsn: `https://${KEY}@o1.ingest.example.com/42` }))).toEqual({ publicKey: KEY, projectId: 42, source: 'envelope-dsn' });
  });

  it('401s without any auth', () => {
    expect(rejection(req({}))).toMatchObject({ status: 401, reason: 'missing_auth' });
    expect(rejection(req({ query: { other: 'x' }, headers: { authorization: 'Bearer t' } }))).toMatchObject({ status: 401, reason: 'missing_auth' });
    expect(rejection(req({ query: { sentry_version: '7' } }))).toMatchObject({ status: 401, reason: 'missing_auth' });
  });

  it('401s with more than one source', () => {
    expect(rejection(req({ headers: { 'x-sentry-auth': `Sentry sentry_key=${KEY}` }, query: { sentry_key: KEY } }))).toMatchObject({ status: 401, reason: 'multiple_auth' });
    expect(rejection(req({ headers: { 'x-sentry-auth': `Sentry sentry_key=${KEY}`, authorization: `Sentry sentry_key=${KEY}` } }))).toMatchObject({ status: 401, reason: 'multiple_auth' });
  });

  it('401s for an unparsable X-Sentry-Auth or dsn', () => {
    expect(rejection(req({ headers: { 'x-sentry-auth': `sentry_key=${KEY}` } }))).toMatchObject({ status: 401, reason: 'invalid_auth' });
    expect(rejection(req({ envelopeDsn: 'not a url' }))).toMatchObject({ status: 401, reason: 'invalid_auth' });
    expect(rejection(req({ envelopeDsn: 17 }))).toMatchObject({ status: 401, reason: 'invalid_auth' });
  });

  it('400s for a bad key or a newer protocol version', () => {
    expect(rejection(req({ query: { sentry_key: 'short' } }))).toMatchObject({ status: 400, reason: 'bad_public_key' });
    expect(rejection(req({ query: { sentry_key: KEY, sentry_version: '8' } }))).toMatchObject({ status: 400, reason: 'unsupported_version' });
  });

  it('400s when the envelope dsn names another key, and checks its project', () => {
    expect(rejection(req({ query: { sentry_key: KEY }, envelopeDsn: `https://${OTHER}@h/1` }))).toMatchObject({ status: 400, reason: 'auth_mismatch' });
    const auth = extractAuth(req({ query: { sentry_key: KEY }, envelopeDsn: `https://${KEY}@h/1` }));
    expect(auth.projectId).toBe(1);
    expect(() => checkDsnProject(auth, 1)).not.toThrow();
    expect(() => checkDsnProject(auth, 2)).toThrow(expect.objectContaining({ status: 400, reason: 'auth_mismatch' }));
    expect(() => checkDsnProject({ publicKey: KEY, source: 'query' }, 2)).not.toThrow();
  });
});

describe('helpers', () => {
  it('parses Sentry auth pairs', () => {
    expect(parseSentryAuthHeader('Sentry a=1,  b = 2 ,junk')).toEqual({ a: '1', b: '2' });
    expect(parseSentryAuthHeader('Bearer x')).toBeUndefined();
  });

  it('parses DSNs with a secret and a path', () => {
    expect(parseDsn(`http://${KEY}:secret@localhost:9000/sub/path/7`)).toEqual({ publicKey: KEY, projectId: 7 });
  });

  it('parses project ids', () => {
    expect(parseProjectId('42')).toBe(42);
    for (const bad of ['', 'x', '-1', '1.5', '99999999999999999']) expect(() => parseProjectId(bad)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('peeks the envelope header', () => {
    expect(peekEnvelopeHeader(Buffer.from('{"dsn":"x"}\n{"type":"event"}'))).toEqual({ dsn: 'x' });
    expect(peekEnvelopeHeader(Buffer.from('garbage'))).toBeUndefined();
  });
});
