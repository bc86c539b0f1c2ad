export type BehaviorFamily = 'native' | 'javascript' | 'other';

const NATIVE_PLATFORMS = new Set(['objc', 'cocoa', 'swift', 'native', 'c']);
const JAVASCRIPT_PLATFORMS = new Set(['javascript', 'node']);

/** Platforms whose rules are shared: native code and JavaScript engines. */
export function behaviorFamily(platform: string | null | undefined): BehaviorFamily {
  if (platform && NATIVE_PLATFORMS.has(platform)) return 'native';
  if (platform && JAVASCRIPT_PLATFORMS.has(platform)) return 'javascript';
  return 'other';
}

/** Platforms whose source lines are trusted enough to group on. */
export const CONTEXT_LINE_PLATFORMS: ReadonlySet<string> = new Set(['javascript', 'node', 'python', 'php', 'ruby']);

const URL_SCHEMES = ['http:', 'https:', 'applewebdata:', 'blob:'];

/**
 * Whether a frame path points at a URL (a browser-served script) rather than a
 * file on disk. `file:` paths count as URLs only where the caller says so: the
 * filename rule keeps them, the context-line rules treat them as URLs.
 */
export function hasUrlOrigin(path: string | null | undefined, fileCountsAsUrl: boolean): boolean {
  if (!path) return false;
  if (URL_SCHEMES.some((scheme) => path.startsWith(scheme))) return true;
  return path.startsWith('file:') ? fileCountsAsUrl : false;
}
