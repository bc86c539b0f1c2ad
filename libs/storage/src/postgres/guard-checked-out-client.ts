import type { PoolClient } from 'pg';

/**
 * pg-pool listens for 'error' only on idle clients. A checked-out client whose
 * connection dies (server restart, pg_terminate_backend) can emit 'error'
 * after its in-flight query has already failed, and an 'error' event without
 * a listener crashes the process. This listener absorbs it while the client
 * is held; the returned function detaches it and reports what was seen, so
 * the caller can destroy the client instead of returning it to the pool.
 */
export function guardCheckedOutClient(client: PoolClient): () => Error | undefined {
  let seen: Error | undefined;
  const onError = (err: Error): void => {
    seen ??= err;
  };
  client.on('error', onError);
  return () => {
    client.removeListener('error', onError);
    return seen;
  };
}
