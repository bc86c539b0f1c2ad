import type { Pool } from 'pg';
import {
  closedPort,
  ensureTestDatabase,
  TEST_DATABASE_URL,
  uniqueName,
  waitFor,
} from '../../test/test-env';
import { createPgPool } from './create-pg-pool';
import { isTransientPgError } from './is-transient-pg-error';

/** Each case provokes the failure for real and classifies what pg actually threw. */
describe('isTransientPgError against real failures', () => {
  let pool: Pool;
  let table: string;

  beforeAll(async () => {
    await ensureTestDatabase();
    pool = createPgPool(TEST_DATABASE_URL, {
      applicationName: 'storage-transient-spec',
      onError: () => undefined,
    });
    table = uniqueName('st_transient');
    await pool.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
  });

  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
  });

  it('treats a backend killed by pg_terminate_backend mid-query as transient', async () => {
    const victim = await pool.connect();
    // Checked-out clients get no error listener from the pool; the dying connection may emit one.
    const emitted: Error[] = [];
    victim.on('error', (e) => emitted.push(e));
    const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const pid = rows[0]!.pid;
    const running = victim.query('SELECT pg_sleep(30)').then(
      () => undefined,
      (err: unknown) => err,
    );
    await waitFor('the victim query to be running', async () => {
      const r = await pool.query(
        `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active'`,
        [pid],
      );
      return r.rowCount === 1;
    });
    await pool.query('SELECT pg_terminate_backend($1)', [pid]);

    const err = await running;
    victim.release(err as Error);
    expect(err).toBeInstanceOf(Error);
    expect(isTransientPgError(err)).toBe(true);
    for (const e of emitted) expect(isTransientPgError(e)).toBe(true);
  });

  it('treats connection refused as transient', async () => {
    const down = createPgPool(`postgres://postgres@127.0.0.1:${await closedPort()}/issuestream`, {
      onError: () => undefined,
    });
    try {
      const err = await down.query('SELECT 1').catch((e: unknown) => e);
      expect(JSON.stringify(err, ['code', 'errors'])).toContain('ECONNREFUSED');
      expect(isTransientPgError(err)).toBe(true);
    } finally {
      await down.end();
    }
  });

  it('treats a statement_timeout cancellation (57014) as transient', async () => {
    const impatient = createPgPool(TEST_DATABASE_URL, {
      statementTimeoutMs: 50,
      onError: () => undefined,
    });
    try {
      const err = await impatient.query('SELECT pg_sleep(5)').catch((e: unknown) => e);
      expect((err as { code?: string }).code).toBe('57014');
      expect(isTransientPgError(err)).toBe(true);
    } finally {
      await impatient.end();
    }
  });

  it('treats lock_not_available (55P03) as transient', async () => {
    const holder = await pool.connect();
    const waiter = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      await waiter.query('BEGIN');
      await waiter.query(`SET LOCAL lock_timeout = '50ms'`);
      const err = await waiter.query(`LOCK TABLE ${table}`).catch((e: unknown) => e);
      expect((err as { code?: string }).code).toBe('55P03');
      expect(isTransientPgError(err)).toBe(true);
    } finally {
      await waiter.query('ROLLBACK');
      await holder.query('ROLLBACK');
      waiter.release();
      holder.release();
    }
  });

  it('treats a deadlock (40P01) as transient', async () => {
    const [a, b] = [await pool.connect(), await pool.connect()];
    await pool.query(`INSERT INTO ${table} VALUES (1001), (1002) ON CONFLICT DO NOTHING`);
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query(`UPDATE ${table} SET id = id WHERE id = 1001`);
      await b.query(`UPDATE ${table} SET id = id WHERE id = 1002`);
      const aSecond = a
        .query(`UPDATE ${table} SET id = id WHERE id = 1002`)
        .catch((e: unknown) => e);
      const bSecond = b
        .query(`UPDATE ${table} SET id = id WHERE id = 1001`)
        .catch((e: unknown) => e);
      const outcomes = await Promise.all([aSecond, bSecond]);
      const deadlock = outcomes.find((o) => (o as { code?: string } | undefined)?.code === '40P01');
      expect(deadlock).toBeDefined();
      expect(isTransientPgError(deadlock)).toBe(true);
    } finally {
      await a.query('ROLLBACK');
      await b.query('ROLLBACK');
      a.release();
      b.release();
    }
  });

  it('does not treat a unique violation as transient', async () => {
    await pool.query(`INSERT INTO ${table} VALUES (1) ON CONFLICT DO NOTHING`);
    const err = await pool.query(`INSERT INTO ${table} VALUES (1)`).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('23505');
    expect(isTransientPgError(err)).toBe(false);
  });

  it('does not treat syntax errors, missing relations or bad input as transient', async () => {
    for (const sql of ['SELEC 1', 'SELECT * FROM no_such_table_here', "SELECT 'x'::int"]) {
      const err = await pool.query(sql).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(isTransientPgError(err)).toBe(false);
    }
  });

  it('looks through wrapping errors and ignores non-errors', () => {
    const wrapped = new Error('batch write failed', {
      cause: Object.assign(new Error('x'), { code: '40001' }),
    });
    expect(isTransientPgError(wrapped)).toBe(true);
    expect(
      isTransientPgError(
        new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
      ),
    ).toBe(true);
    expect(isTransientPgError(undefined)).toBe(false);
    expect(isTransientPgError('Connection terminated')).toBe(false);
    expect(isTransientPgError(new Error('value too long'))).toBe(false);
  });
});
