import { redisKey } from '@issuestream/storage';
import type { Redis } from 'ioredis';

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Seconds until the current window ends (for Retry-After). */
  readonly retryAfter: number;
}

/** A fixed-window counter per DSN key in Redis: INCR the window's counter, expire it with the window. */
export class FixedWindowRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(keyId: number, limit: { count: number; windowSeconds: number }): Promise<RateLimitDecision> {
    const nowSeconds = this.now() / 1000;
    const window = Math.floor(nowSeconds / limit.windowSeconds);
    const retryAfter = Math.max(1, Math.ceil((window + 1) * limit.windowSeconds - nowSeconds));
    const counter = redisKey('relay-rate', String(keyId), String(limit.windowSeconds), String(window));
    const results = await this.redis.multi().incr(counter).expire(counter, limit.windowSeconds + 1).exec();
    const [incrError, count] = results?.[0] ?? [new Error('rate limit transaction aborted'), 0];
    if (incrError) throw incrError;
    return { allowed: Number(count) <= limit.count, retryAfter };
  }
}
