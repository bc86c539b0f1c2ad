import { Pool, type PoolConfig } from 'pg';

export interface PgPoolOptions {
  /** Shown in pg_stat_activity; name the app so operators can tell connections apart. */
  readonly applicationName?: string;
  /** Upper bound on open connections per process (default 10). */
  readonly max?: number;
  /** Server-side limit per statement in ms (default 30 000; 0 disables). */
  readonly statementTimeoutMs?: number;
  /** Server-side limit for a transaction left idle in ms (default 60 000), so a stuck caller cannot hold locks forever. */
  readonly idleInTransactionTimeoutMs?: number;
  /** How long to wait for a new connection in ms (default 10 000). */
  readonly connectionTimeoutMs?: number;
  /** Close connections idle longer than this in ms (default 30 000). */
  readonly idleTimeoutMs?: number;
  /**
   * Called when an idle pooled connection fails (server restart, pg_terminate_backend).
   * The pool already drops that connection; the default writes one warning line.
   */
  readonly onError?: (err: Error) => void;
  /** Escape hatch for anything else pg accepts; applied last. */
  readonly pgConfig?: PoolConfig;
}

export const PG_POOL_DEFAULTS = {
  applicationName: 'issuestream',
  max: 10,
  statementTimeoutMs: 30_000,
  idleInTransactionTimeoutMs: 60_000,
  connectionTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
} as const;

/**
 * A pg Pool with defaults suited to long-running consumers. The error listener
 * matters: pg emits 'error' on the pool when an idle client dies, and an
 * EventEmitter 'error' without a listener would crash the whole process.
 */
export function createPgPool(url: string, opts: PgPoolOptions = {}): Pool {
  const pool = new Pool({
    connectionString: url,
    application_name: opts.applicationName ?? PG_POOL_DEFAULTS.applicationName,
    max: opts.max ?? PG_POOL_DEFAULTS.max,
    statement_timeout: opts.statementTimeoutMs ?? PG_POOL_DEFAULTS.statementTimeoutMs,
    idle_in_transaction_session_timeout:
      opts.idleInTransactionTimeoutMs ?? PG_POOL_DEFAULTS.idleInTransactionTimeoutMs,
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? PG_POOL_DEFAULTS.connectionTimeoutMs,
    idleTimeoutMillis: opts.idleTimeoutMs ?? PG_POOL_DEFAULTS.idleTimeoutMs,
    // TCP keep-alive notices half-open connections (e.g. after a failover) sooner.
    keepAlive: true,
    ...opts.pgConfig,
  });
  const onError =
    opts.onError ??
    ((err: Error) => console.warn(`[storage] idle Postgres connection failed: ${err.message}`));
  pool.on('error', onError);
  return pool;
}
