import type { FastifyReply, FastifyRequest } from 'fastify';

/** The inbox keeps the person's API token in this cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's form sends it). */
export const SESSION_COOKIE = 'isu_inbox';

export function sessionToken(req: FastifyRequest): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export function setSession(reply: FastifyReply, token: string | null): void {
  const value = token === null ? '' : encodeURIComponent(token);
  const expiry = token === null ? '; Max-Age=0' : '';
  void reply.header('set-cookie', `${SESSION_COOKIE}=${value}; Path=/inbox; HttpOnly; SameSite=Strict${expiry}`);
}

/** A form post from another origin is refused even if a browser sent the cookie (belt and braces with SameSite). */
export function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
