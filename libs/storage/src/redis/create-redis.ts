import Redis, { type RedisOptions } from 'ioredis';

export interface RedisClientOptions {
  /** CLIENT SETNAME value, shown in CLIENT LIST (default `issuestream`). */
  readonly connectionName?: string;
  /**
   * How many reconnect attempts a queued command survives before it is
   * rejected (default 3). Not unbounded: a caller must get an error it can
   * classify as transient and back off on, rather than hang while Redis is down.
   */
  readonly maxRetriesPerRequest?: number;
  /** Connect timeout in ms (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** Longest pause between reconnect attempts in ms (default 2 000). */
  readonly maxReconnectDelayMs?: number;
  /**
   * Called for connection-level errors; ioredis reconnects by itself. The
   * default writes one warning line (without a listener ioredis prints its own
   * "Unhandled error event" noise).
   */
  readonly onError?: (err: Error) => void;
  /** Escape hatch for anything else ioredis accepts; applied last. */
  readonly redisOptions?: RedisOptions;
}

export const REDIS_DEFAULTS = {
  connectionName: 'issuestream',
  maxRetriesPerRequest: 3,
  connectTimeoutMs: 10_000,
  maxReconnectDelayMs: 2_000,
} as const;

/**
 * An ioredis client that connects immediately (so a bad URL shows up at
 * start-up, not on the first command). No keyPrefix is set: keys are built
 * explicitly with redisKey() so they read the same in code and in redis-cli.
 */
export function createRedis(url: string, opts: RedisClientOptions = {}): Redis {
  const maxDelay = opts.maxReconnectDelayMs ?? REDIS_DEFAULTS.maxReconnectDelayMs;
  const redis = new Redis(url, {
    lazyConnect: false,
    connectionName: opts.connectionName ?? REDIS_DEFAULTS.connectionName,
    maxRetriesPerRequest: opts.maxRetriesPerRequest ?? REDIS_DEFAULTS.maxRetriesPerRequest,
    connectTimeout: opts.connectTimeoutMs ?? REDIS_DEFAULTS.connectTimeoutMs,
    // Exponential backoff capped at maxDelay; never give up, a consumer has nothing better to do than wait for Redis.
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), maxDelay),
    ...opts.redisOptions,
  });
  const onError =
    opts.onError ??
    ((err: Error) => console.warn(`[storage] Redis connection error: ${err.message}`));
  redis.on('error', onError);
  return redis;
}
