/** The request's origin: the Origin header, else (when absent or "null") the Referer's scheme and host. */
export function requestOrigin(headers: { origin?: string | undefined; referer?: string | undefined }): string | null {
  if (headers.origin && headers.origin !== 'null') return headers.origin;
  if (!headers.referer) return null;
  try {
    return new URL(headers.referer).origin;
  } catch {
    return null;
  }
}

/**
 * Checks an origin against a project's `sentry:origins`: `*` allows anything;
 * otherwise an entry matches the exact origin, a bare host (any scheme and
 * port), or `*.domain` (the domain and its subdomains).
 */
export function isAllowedOrigin(origin: string | null, allowed: readonly string[]): boolean {
  if (allowed.includes('*')) return true;
  if (origin === null) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return allowed.some((entry) => {
    const pattern = entry.toLowerCase();
    if (pattern.includes('://')) return pattern.replace(/\/+$/, '') === url.origin.toLowerCase();
    if (pattern.startsWith('*.')) return url.hostname === pattern.slice(2) || url.hostname.endsWith(pattern.slice(1));
    return url.hostname === pattern;
  });
}
