import { redisKey, type RateLimit } from '@issuestream/storage';
import type { Redis } from 'ioredis';

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Seconds until the current window ends (for Retry-After). */
  readonly retryAfter: number;
}

interface PendingHit {
  readonly limit: RateLimit;
  readonly retryAfter: number;
  resolve(decision: RateLimitDecision): void;
  reject(error: unknown): void;
}

/**
 * A fixed-window counter per DSN key in Redis. Hits arriving in the same turn
 * of the event loop share one MULTI (INCRBY per window counter, then EXPIRE),
 * so a busy relay pays one Redis round trip per turn instead of one per
 * request; while a MULTI is unanswered, new hits wait and go together in the
 * next one (each write to the socket costs more than the commands in it).
 * Decisions are exactly those of one INCR per hit: the n-th hit of a batch on
 * a counter sees the count before the batch plus n.
 */
export class FixedWindowRateLimiter {
  private pending = new Map<string, PendingHit[]>();
  private scheduled = false;
  private flushing = false;

  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
  ) {}

  hit(keyId: number, limit: RateLimit): Promise<RateLimitDecision> {
    const nowSeconds = this.now() / 1000;
    const window = Math.floor(nowSeconds / limit.windowSeconds);
    const retryAfter = Math.max(1, Math.ceil((window + 1) * limit.windowSeconds - nowSeconds));
    const counter = redisKey('relay-rate', String(keyId), String(limit.windowSeconds), String(window));
    return new Promise((resolve, reject) => {
      const hits = this.pending.get(counter) ?? [];
      hits.push({ limit, retryAfter, resolve, reject });
      this.pending.set(counter, hits);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    this.flushing = true;
    const transaction = this.redis.multi();
    for (const [counter, hits] of batch) {
      transaction.incrby(counter, hits.length).expire(counter, (hits[0]?.limit.windowSeconds ?? 0) + 1);
    }
    try {
      const results = await transaction.exec();
      if (!results) throw new Error('rate limit transaction aborted');
      [...batch.values()].forEach((hits, index) => {
        const [error, after] = results[index * 2] ?? [new Error('missing rate limit result'), 0];
        if (error) throw error;
        const before = Number(after) - hits.length;
        hits.forEach((hit, n) => hit.resolve({ allowed: before + n + 1 <= hit.limit.count, retryAfter: hit.retryAfter }));
      });
    } catch (error) {
      for (const hits of batch.values()) for (const hit of hits) hit.reject(error);
    } finally {
      this.flushing = false;
      if (this.pending.size > 0) this.schedule();
    }
  }
}
