import type { TtlCache } from './ttl-cache';

/**
 * Resolves every item from the cache, loading all misses with ONE call to
 * `loadMissing` (one query per batch, however many ids it brings). Items the
 * loader does not return are cached as absent. The result has an entry per
 * distinct cache key, `undefined` meaning absent.
 */
export async function readThrough<I, V>(
  cache: TtlCache<string, V>,
  items: readonly I[],
  keyOf: (item: I) => string,
  loadMissing: (missing: I[]) => Promise<Map<string, V>>,
): Promise<Map<string, V | undefined>> {
  const resolved = new Map<string, V | undefined>();
  const missing = new Map<string, I>();
  for (const item of items) {
    const key = keyOf(item);
    if (resolved.has(key) || missing.has(key)) continue;
    const hit = cache.lookup(key);
    if (hit) resolved.set(key, hit.value);
    else missing.set(key, item);
  }
  if (missing.size === 0) return resolved;
  const loaded = await loadMissing([...missing.values()]);
  for (const key of missing.keys()) {
    const value = loaded.get(key);
    cache.set(key, value);
    resolved.set(key, value);
  }
  return resolved;
}
