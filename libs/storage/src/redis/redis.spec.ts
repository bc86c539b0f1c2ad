import type Redis from 'ioredis';
import { closedPort, TEST_REDIS_URL, uniqueName } from '../../test/test-env';
import { createRedis } from './create-redis';
import { isTransientRedisError } from './is-transient-redis-error';
import { redisKey } from './redis-key';

describe('createRedis against a real Redis', () => {
  let redis: Redis;
  const keys: string[] = [];

  beforeAll(() => {
    redis = createRedis(TEST_REDIS_URL, { connectionName: 'storage-redis-spec' });
  });

  afterAll(async () => {
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('connects without being asked and names the connection', async () => {
    expect(await redis.ping()).toBe('PONG');
    expect(await redis.client('GETNAME')).toBe('storage-redis-spec');
    expect(redis.options.keyPrefix ?? '').toBe('');
  });

  it('stores and reads back under a namespaced key in one pipeline', async () => {
    const key = redisKey('test', uniqueName('storage'), 'counter');
    keys.push(key);
    const results = await redis.multi().incrby(key, 3).pexpire(key, 60_000).get(key).exec();
    expect(results?.map(([err, value]) => [err, value])).toEqual([
      [null, 3],
      [null, 1],
      [null, '3'],
    ]);
    expect(await redis.exists(key)).toBe(1);
  });

  it('does not treat command errors as transient', async () => {
    const key = redisKey('test', uniqueName('storage'), 'list');
    keys.push(key);
    await redis.rpush(key, 'x');
    const wrongType = await redis.incr(key).catch((e: unknown) => e);
    expect(String(wrongType)).toMatch(/WRONGTYPE/);
    expect(isTransientRedisError(wrongType)).toBe(false);

    const unknown = await redis.call('NO-SUCH-COMMAND').catch((e: unknown) => e);
    expect(String(unknown)).toMatch(/ERR unknown command/i);
    expect(isTransientRedisError(unknown)).toBe(false);
  });

  it('treats a client that gave up reconnecting as transient', async () => {
    const port = await closedPort();
    const seen: Error[] = [];
    const down = createRedis(`redis://127.0.0.1:${port}/0`, {
      maxRetriesPerRequest: 0,
      onError: (e) => seen.push(e),
      // ioredis arms this timer even for an already-closed socket; keep it from delaying jest's exit.
      redisOptions: { disconnectTimeout: 10 },
    });
    try {
      const err = await down.get('anything').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(isTransientRedisError(err)).toBe(true);
      expect(seen.some((e) => isTransientRedisError(e) && /ECONNREFUSED/.test(e.message))).toBe(
        true,
      );
    } finally {
      down.disconnect();
    }
  });

  it('treats a closed connection as transient', async () => {
    const closing = createRedis(TEST_REDIS_URL, { onError: () => undefined });
    await closing.ping();
    closing.disconnect();
    const err = await closing.get('anything').catch((e: unknown) => e);
    expect(String(err)).toMatch(/Connection is closed/);
    expect(isTransientRedisError(err)).toBe(true);
  });

  it('classifies the server replies that mean "not now"', () => {
    for (const reply of [
      'LOADING Redis is loading the dataset in memory',
      'BUSY Redis is busy running a script',
      "READONLY You can't write against a read only replica.",
      'TRYAGAIN Multiple keys request during rehashing of slot',
    ]) {
      expect(isTransientRedisError(new Error(reply))).toBe(true);
    }
    expect(isTransientRedisError(new Error('ERR value is not an integer or out of range'))).toBe(
      false,
    );
  });
});
