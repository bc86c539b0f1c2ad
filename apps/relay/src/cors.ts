import type { Request, Response } from 'express';

const ALLOWED_HEADERS = [
  'x-sentry-auth', 'x-requested-with', 'x-forwarded-for', 'origin', 'referer', 'accept', 'content-type', 'authentication', 'authorization',
  'content-encoding', 'transfer-encoding',
].join(', ');
const EXPOSED_HEADERS = 'x-sentry-error, x-sentry-rate-limits, retry-after';

/** Relay's CORS policy (spec §2.4): any origin, POST, the SDK headers, rate-limit headers exposed. */
export function applyCors(req: Request, res: Response): void {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
  if (origin) res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
}

export function answerPreflight(req: Request, res: Response): void {
  applyCors(req, res);
  res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
  res.setHeader('Access-Control-Max-Age', '3600');
  res.status(200).end();
}
