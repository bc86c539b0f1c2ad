/**
 * A Map whose entries expire. Deliberately minimal: tenant data changes
 * rarely, and a consumer that sees a flag flip a few seconds late is fine,
 * while one Postgres round trip per batch for unchanged rows is not.
 *
 * `undefined` is a cacheable value, so "no such project" is remembered as
 * well and a stream of events for a deleted project does not hit Postgres
 * on every batch. Size is bounded by evicting the oldest insertions first
 * (a Map iterates in insertion order), which is enough for a cache whose
 * entries all live for the same short TTL.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V | undefined; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly maxEntries = 10_000,
  ) {}

  /** `{ value }` on a fresh hit (value may be undefined), `undefined` on a miss or an expired entry. */
  lookup(key: K): { value: V | undefined } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return { value: entry.value };
  }

  set(key: K, value: V | undefined): void {
    if (this.ttlMs <= 0) return;
    // Re-inserting moves the key to the end, so eviction stays oldest-first.
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
