import type { Pool, PoolClient } from 'pg';

/** Anything the tenant SQL can run on: the pool, or a client inside `withTransaction`. */
export type Queryable = Pool | PoolClient;
