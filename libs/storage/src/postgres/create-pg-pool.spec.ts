import { ensureTestDatabase, TEST_DATABASE_URL, uniqueName, waitFor } from '../../test/test-env';
import { createPgPool } from './create-pg-pool';

describe('createPgPool', () => {
  beforeAll(() => ensureTestDatabase());

  it('applies application_name, statement_timeout and idle-in-transaction timeout', async () => {
    const name = uniqueName('storage_pool');
    const pool = createPgPool(TEST_DATABASE_URL, {
      applicationName: name,
      statementTimeoutMs: 4321,
    });
    try {
      const { rows } = await pool.query<{ app: string; st: string; idle: string }>(
        `SELECT current_setting('application_name') AS app, current_setting('statement_timeout') AS st,
                current_setting('idle_in_transaction_session_timeout') AS idle`,
      );
      expect(rows[0]).toEqual({ app: name, st: '4321ms', idle: '1min' });
    } finally {
      await pool.end();
    }
  });

  it('survives an idle connection being killed and keeps serving queries', async () => {
    const errors: Error[] = [];
    const name = uniqueName('storage_pool_idle');
    const pool = createPgPool(TEST_DATABASE_URL, {
      applicationName: name,
      onError: (e) => errors.push(e),
    });
    const killer = createPgPool(TEST_DATABASE_URL, { onError: () => undefined });
    try {
      await pool.query('SELECT 1'); // leaves one idle client in the pool
      const killed = await killer.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [name],
      );
      expect(killed.rowCount).toBe(1);
      await waitFor('the pool to report the dead idle client', () => errors.length > 0);
      expect(errors[0]!.message).toMatch(/terminat/i);

      const { rows } = await pool.query<{ ok: number }>('SELECT 1 AS ok');
      expect(rows[0]!.ok).toBe(1);
    } finally {
      await Promise.all([pool.end(), killer.end()]);
    }
  });
});
