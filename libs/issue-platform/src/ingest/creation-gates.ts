import type { Redis } from 'ioredis';
import type { GroupType } from '../registry';

/** All occurrences of one new fingerprint (project + hash) in a batch, in batch order. */
export interface NewFingerprint {
  projectId: number;
  primaryHash: string;
  type: GroupType;
  occurrences: number;
}

/**
 * What happens to a new fingerprint's occurrences: the first `noisy` are
 * stored without an issue (below the noise limit); if `creates`, the next
 * one creates the issue and the rest update it; if the creation quota is
 * exhausted, `quotaDropped` is set and none creates.
 */
export interface CreationDecision {
  noisy: number;
  creates: boolean;
  quotaDropped: boolean;
}

/**
 * How many of `count` sightings stay below the noise limit, given the
 * counter's value after adding them. The sighting that reaches the limit
 * creates the issue (a limit of 1 creates at once).
 */
export function noisySightings(totalAfter: number, count: number, ignoreLimit: number): number {
  const before = totalAfter - count;
  return Math.min(count, Math.max(0, ignoreLimit - before - 1));
}

const noiseKey = (f: NewFingerprint) => `is:grouphash:${f.primaryHash}:${f.projectId}`;
const quotaScope = (f: NewFingerprint) => `is:issue-platform-issues:${f.projectId}:${f.type.slug}`;

/**
 * The two gates before an issue is created, as the reference orders them:
 * the type's noise config (a counter per fingerprint in Redis), then the
 * type's creation quota (a sliding window per project and type, kept as
 * per-granularity buckets). Two pipelined round trips per batch, whatever
 * its size.
 */
export class CreationGates {
  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
  ) {}

  async decide(fingerprints: readonly NewFingerprint[]): Promise<CreationDecision[]> {
    if (fingerprints.length === 0) return [];
    const nowSeconds = Math.floor(this.now() / 1000);
    const read = this.redis.pipeline();
    const noisy = fingerprints.map((f) => f.type.noiseConfig !== null);
    fingerprints.forEach((f, i) => {
      if (!noisy[i]) return;
      read.incrby(noiseKey(f), f.occurrences);
      read.expire(noiseKey(f), f.type.noiseConfig?.expirySeconds ?? 0);
    });
    const scopes = [...new Map(fingerprints.map((f) => [quotaScope(f), f])).entries()];
    for (const [scope, f] of scopes) read.mget(...windowBuckets(scope, f, nowSeconds));
    const replies = await execOrThrow(read.exec());

    let cursor = 0;
    const decisions = fingerprints.map((f, i): CreationDecision => {
      if (!noisy[i]) return { noisy: 0, creates: true, quotaDropped: false };
      const total = Number(replies[cursor]);
      cursor += 2;
      const below = noisySightings(total, f.occurrences, f.type.noiseConfig?.ignoreLimit ?? 1);
      return { noisy: below, creates: below < f.occurrences, quotaDropped: false };
    });
    const remaining = new Map<string, number>();
    for (const [scope, f] of scopes) {
      const used = (replies[cursor++] as (string | null)[]).reduce((sum, v) => sum + Number(v ?? 0), 0);
      remaining.set(scope, Math.max(0, f.type.creationQuota.limit - used));
    }

    const write = this.redis.pipeline();
    const granted = new Map<string, number>();
    fingerprints.forEach((f, i) => {
      const decision = decisions[i];
      if (!decision?.creates) return;
      const scope = quotaScope(f);
      if ((remaining.get(scope) ?? 0) <= 0) {
        decisions[i] = { ...decision, creates: false, quotaDropped: true };
        return;
      }
      remaining.set(scope, (remaining.get(scope) ?? 0) - 1);
      granted.set(scope, (granted.get(scope) ?? 0) + 1);
      // The counter restarts once the issue exists (the reference deletes it).
      if (noisy[i]) write.del(noiseKey(f));
    });
    for (const [scope, count] of granted) {
      const f = scopes.find(([s]) => s === scope)?.[1];
      if (!f) continue;
      const bucket = `${scope}:${bucketStart(nowSeconds, f.type.creationQuota.granularitySeconds)}`;
      write.incrby(bucket, count);
      write.expire(bucket, f.type.creationQuota.windowSeconds + f.type.creationQuota.granularitySeconds);
    }
    if (write.length > 0) await execOrThrow(write.exec());
    return decisions;
  }
}

function bucketStart(nowSeconds: number, granularity: number): number {
  return nowSeconds - (nowSeconds % granularity);
}

function windowBuckets(scope: string, f: NewFingerprint, nowSeconds: number): string[] {
  const { windowSeconds, granularitySeconds } = f.type.creationQuota;
  const current = bucketStart(nowSeconds, granularitySeconds);
  const count = Math.max(1, Math.ceil(windowSeconds / granularitySeconds));
  return Array.from({ length: count }, (_, i) => `${scope}:${current - i * granularitySeconds}`);
}

async function execOrThrow(pending: Promise<[Error | null, unknown][] | null>): Promise<unknown[]> {
  const results = await pending;
  if (!results) throw new Error('redis pipeline was discarded');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}
