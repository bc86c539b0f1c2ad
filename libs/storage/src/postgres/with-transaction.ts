import type { Pool, PoolClient } from 'pg';
import { guardCheckedOutClient } from './guard-checked-out-client';

export interface TransactionOptions {
  readonly isolationLevel?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
}

/**
 * Runs `fn` inside BEGIN/COMMIT on one pooled client, rolling back on error.
 * The client goes back to the pool only if it is known clean; a client whose
 * ROLLBACK failed, or whose connection reported an error, is destroyed so the
 * next borrower never inherits an open or broken transaction.
 */
export async function withTransaction<T>(
  pool: Pool,
  fn: (client: PoolClient) => Promise<T>,
  opts: TransactionOptions = {},
): Promise<T> {
  const client = await pool.connect();
  const unguard = guardCheckedOutClient(client);
  let broken: Error | undefined;
  try {
    await client.query(
      opts.isolationLevel ? `BEGIN ISOLATION LEVEL ${opts.isolationLevel}` : 'BEGIN',
    );
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackErr) {
      broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    }
    throw err;
  } finally {
    const connectionError = unguard();
    client.release(broken ?? connectionError);
  }
}
