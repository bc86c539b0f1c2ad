const ALLOWED_HEADERS = [
  'x-sentry-auth', 'x-requested-with', 'x-forwarded-for', 'origin', 'referer', 'accept', 'content-type', 'authentication', 'authorization',
  'content-encoding', 'transfer-encoding',
].join(', ');
const EXPOSED_HEADERS = 'x-sentry-error, x-sentry-rate-limits, retry-after';

/** Relay's CORS policy (spec §2.4): any origin, POST, the SDK headers, rate-limit headers exposed. */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    ...(origin ? { Vary: 'Origin' } : {}),
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
  };
}

export function preflightHeaders(origin: string | undefined): Record<string, string> {
  return {
    ...corsHeaders(origin),
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': '3600',
  };
}
