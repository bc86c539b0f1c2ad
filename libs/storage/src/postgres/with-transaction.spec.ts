import type { Pool } from 'pg';
import { ensureTestDatabase, TEST_DATABASE_URL, uniqueName, waitFor } from '../../test/test-env';
import { isTransientPgError } from './is-transient-pg-error';
import { createPgPool } from './create-pg-pool';
import { withTransaction } from './with-transaction';

describe('withTransaction', () => {
  let pool: Pool;
  let table: string;
  const ids = async () =>
    (await pool.query<{ id: number }>(`SELECT id FROM ${table} ORDER BY id`)).rows.map((r) => r.id);

  beforeAll(async () => {
    await ensureTestDatabase();
    pool = createPgPool(TEST_DATABASE_URL, { max: 2, onError: () => undefined });
    table = uniqueName('st_tx');
    await pool.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
  });

  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
  });

  it('commits and returns the callback result', async () => {
    const result = await withTransaction(pool, async (client) => {
      await client.query(`INSERT INTO ${table} SELECT * FROM unnest($1::int[])`, [[1, 2]]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await ids()).toEqual([1, 2]);
  });

  it('rolls back everything when the callback throws, and rethrows', async () => {
    const failure = withTransaction(pool, async (client) => {
      await client.query(`INSERT INTO ${table} VALUES (3)`);
      await client.query(`INSERT INTO ${table} VALUES (1)`); // unique violation
    });
    await expect(failure).rejects.toMatchObject({ code: '23505' });
    expect(await ids()).toEqual([1, 2]);
    expect(pool.idleCount).toBe(pool.totalCount); // the client went back, clean
  });

  it('honours the isolation level', async () => {
    const level = await withTransaction(
      pool,
      async (client) =>
        (
          await client.query<{ level: string }>(
            `SELECT current_setting('transaction_isolation') AS level`,
          )
        ).rows[0]!.level,
      { isolationLevel: 'SERIALIZABLE' },
    );
    expect(level).toBe('serializable');
  });

  it('survives the connection dying mid-transaction: rejects as transient, discards the client', async () => {
    const killer = createPgPool(TEST_DATABASE_URL, { onError: () => undefined });
    try {
      const failure = await withTransaction(pool, async (client) => {
        await client.query(`INSERT INTO ${table} VALUES (50)`);
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await killer.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        await waitFor('the backend to be gone', async () => {
          const r = await killer.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [
            rows[0]!.pid,
          ]);
          return r.rowCount === 0;
        });
        // The idle, checked-out client now learns its socket closed; without a listener that 'error' would crash the process.
        await client.query('SELECT 1');
      }).catch((e: unknown) => e);

      expect(isTransientPgError(failure)).toBe(true);
      expect(await ids()).not.toContain(50);
      const { rows } = await pool.query<{ ok: number }>('SELECT 1 AS ok');
      expect(rows[0]!.ok).toBe(1);
    } finally {
      await killer.end();
    }
  });
});
