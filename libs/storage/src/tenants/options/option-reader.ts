import type { Pool } from 'pg';
import { readThrough } from '../read-through';
import { isTenantId } from '../tenant-ids';
import type { TenantId } from '../tenant-types';
import type { TtlCache } from '../ttl-cache';
import type { OptionDefinition, OptionScope } from './define-option';
import { selectGlobalOptionValue, selectOwnedOptionValues } from './option-rows';
import type { OwnedOptionScope } from './option-tables';

/** A validated stored value; boxed so "nothing stored" (undefined) stays distinguishable. */
export interface StoredOption {
  readonly value: unknown;
}

export function optionCacheKey(scope: OptionScope, ownerId: TenantId | null, key: string): string {
  return `${scope}|${ownerId ?? ''}|${key}`;
}

/**
 * Cached, bulk option reads. A stored value that fails the option's schema
 * (written by hand, or by an older release with a looser schema) is logged
 * and replaced by the default: a bad setting must not stop ingestion. The
 * fallback is cached too, so the warning repeats once per TTL, not per batch.
 */
export class OptionReader {
  constructor(
    private readonly pool: Pool,
    private readonly cache: TtlCache<string, StoredOption>,
    private readonly warn: (message: string) => void,
  ) {}

  async owned<T>(
    scope: OwnedOptionScope,
    ownerIds: readonly TenantId[],
    option: OptionDefinition<T>,
  ): Promise<Map<TenantId, T>> {
    const ids = [...new Set(ownerIds)].filter(isTenantId);
    const keyOf = (id: TenantId) => optionCacheKey(scope, id, option.key);
    const stored = await readThrough(this.cache, ids, keyOf, async (missing) => {
      const raw = await selectOwnedOptionValues(this.pool, scope, missing, option.key);
      const valid = new Map<string, StoredOption>();
      for (const [id, value] of raw) {
        const checked = this.validate(option, value, `${scope} ${id}`);
        if (checked) valid.set(keyOf(id), checked);
      }
      return valid;
    });
    return new Map(ids.map((id) => [id, this.resolve(option, stored.get(keyOf(id)))]));
  }

  async global<T>(option: OptionDefinition<T>): Promise<T> {
    const key = optionCacheKey('global', null, option.key);
    const stored = await readThrough(
      this.cache,
      [key],
      (k) => k,
      async () => {
        const raw = await selectGlobalOptionValue(this.pool, option.key);
        const checked = raw === undefined ? undefined : this.validate(option, raw, 'global scope');
        return new Map(checked ? [[key, checked]] : []);
      },
    );
    return this.resolve(option, stored.get(key));
  }

  private validate<T>(
    option: OptionDefinition<T>,
    raw: unknown,
    owner: string,
  ): StoredOption | undefined {
    const parsed = option.schema.safeParse(raw);
    if (parsed.success) return { value: parsed.data };
    const issues = parsed.error.issues.map((issue) => issue.message).join('; ');
    this.warn(
      `[storage] option "${option.key}" of ${owner} holds an invalid value ${JSON.stringify(raw)} (${issues}); using the default`,
    );
    return undefined;
  }

  private resolve<T>(option: OptionDefinition<T>, stored: StoredOption | undefined): T {
    // The cache key includes option.key and values were parsed with that
    // option's schema, so the stored value has type T.
    return stored ? (stored.value as T) : option.default;
  }
}
