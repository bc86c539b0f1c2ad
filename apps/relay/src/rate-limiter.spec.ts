import { createRedis, storageConfigFromEnv } from '@issuestream/storage';
import { testAppEnv } from '@issuestream/testing';
import type { Redis } from 'ioredis';
import { FixedWindowRateLimiter } from './rate-limiter';

// Real Redis: the limiter's contract is about what the shared counters say.
let redis: Redis;
let keyId = Math.floor(Math.random() * 1_000_000_000);

beforeAll(() => {
  redis = createRedis(storageConfigFromEnv({ ...process.env, ...testAppEnv() }).redis.url, { connectionName: 'rate-limiter-test' });
});
afterAll(async () => {
  await redis.quit();
});

const allowedCount = (decisions: { allowed: boolean }[]) => decisions.filter((d) => d.allowed).length;

describe('FixedWindowRateLimiter', () => {
  it('allows exactly the limit when many hits share one turn of the event loop', async () => {
    const limiter = new FixedWindowRateLimiter(redis);
    keyId += 1;
    const decisions = await Promise.all(Array.from({ length: 25 }, () => limiter.hit(keyId, { count: 10, windowSeconds: 60 })));
    expect(allowedCount(decisions)).toBe(10);
    expect(decisions.slice(0, 10).every((d) => d.allowed)).toBe(true);
  });

  it('counts across turns and across limiter instances (several relays share the counter)', async () => {
    const [a, b] = [new FixedWindowRateLimiter(redis), new FixedWindowRateLimiter(redis)];
    keyId += 1;
    const limit = { count: 5, windowSeconds: 60 };
    const first = await Promise.all([a.hit(keyId, limit), a.hit(keyId, limit), b.hit(keyId, limit)]);
    const second = await Promise.all([b.hit(keyId, limit), a.hit(keyId, limit), a.hit(keyId, limit)]);
    expect(allowedCount(first)).toBe(3);
    expect(second.map((d) => d.allowed)).toEqual([true, true, false]);
  });

  it('keeps keys apart in one batch and answers Retry-After with the rest of the window', async () => {
    let clock = 1_700_000_015_000;
    const limiter = new FixedWindowRateLimiter(redis, () => clock);
    keyId += 2;
    const [x, y] = await Promise.all([limiter.hit(keyId, { count: 1, windowSeconds: 60 }), limiter.hit(keyId + 1, { count: 1, windowSeconds: 60 })]);
    expect([x.allowed, y.allowed]).toEqual([true, true]);
    expect(x.retryAfter).toBe(Math.ceil(60 - ((clock / 1000) % 60)));
    expect((await limiter.hit(keyId, { count: 1, windowSeconds: 60 })).allowed).toBe(false);
    clock += 60_000;
    expect((await limiter.hit(keyId, { count: 1, windowSeconds: 60 })).allowed).toBe(true);
  });
});
