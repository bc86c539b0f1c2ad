import { isTransientPgError } from './is-transient-pg-error';

/**
 * Runs `write` once over all items (one statement for the whole batch). If
 * that fails with an error a retry cannot fix (bad data in one row: a NUL
 * character, a violated CHECK), it runs `write` again item by item, so only
 * the offending items come back as errors and the rest are written.
 * Transient errors are thrown unchanged: the caller's batch is retried.
 *
 * `write` must return one result per item, in order, and be safe to repeat
 * (a failed statement wrote nothing, so only idempotent writes qualify).
 */
export async function writeIsolatingFailures<I, R>(
  items: readonly I[],
  write: (items: readonly I[]) => Promise<R[]>,
): Promise<(R | Error)[]> {
  if (items.length === 0) return [];
  try {
    return await write(items);
  } catch (err) {
    if (isTransientPgError(err)) throw err;
    if (items.length === 1) return [asError(err)];
  }
  const results: (R | Error)[] = [];
  for (const item of items) {
    try {
      const [result] = await write([item]);
      results.push(result === undefined ? new Error('the write returned no result') : result);
    } catch (err) {
      if (isTransientPgError(err)) throw err;
      results.push(asError(err));
    }
  }
  return results;
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));
