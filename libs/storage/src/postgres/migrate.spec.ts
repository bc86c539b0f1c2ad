import type { Pool } from 'pg';
import {
  closedPort,
  ensureTestDatabase,
  TEST_DATABASE_URL,
  uniqueName,
  waitFor,
} from '../../test/test-env';
import type { Migration } from '../migrations/migration';
import {
  InvalidMigrationListError,
  MigrationChangedError,
  MigrationFailedError,
} from '../migrations/migration-errors';
import { migrationChecksum } from '../migrations/plan-migrations';
import { createPgPool } from './create-pg-pool';
import { migrate } from './migrate';
import { migrationLockKey } from './pg-migration-lock';

/** Migrations that leave evidence: every application appends a row, so running one twice shows. */
function migrationsFor(schema: string): Migration[] {
  return [
    {
      version: 1,
      name: 'create_items',
      up: `CREATE TABLE ${schema}.items (id bigint PRIMARY KEY);
           CREATE TABLE ${schema}.applications (version int NOT NULL);
           INSERT INTO ${schema}.applications VALUES (1);`,
    },
    {
      version: 2,
      name: 'add_title',
      up: `ALTER TABLE ${schema}.items ADD COLUMN title text NOT NULL DEFAULT '';
           INSERT INTO ${schema}.applications VALUES (2);`,
    },
  ];
}

describe('migrate (Postgres)', () => {
  const pools: Pool[] = [];
  const schemas: string[] = [];
  let admin: Pool;

  const pool = (applicationName = 'storage-migrate-spec'): Pool => {
    const p = createPgPool(TEST_DATABASE_URL, {
      applicationName,
      max: 3,
      onError: () => undefined,
    });
    pools.push(p);
    return p;
  };
  const freshSchema = (): string => {
    const s = uniqueName('st_mig');
    schemas.push(s);
    return s;
  };
  const applications = async (schema: string): Promise<number[]> =>
    (
      await admin.query<{ version: number }>(
        `SELECT version FROM ${schema}.applications ORDER BY version`,
      )
    ).rows.map((r) => r.version);
  const history = async (schema: string) =>
    (
      await admin.query<{ version: string; name: string; checksum: string }>(
        `SELECT version, name, checksum FROM ${schema}.schema_migrations ORDER BY version`,
      )
    ).rows;

  beforeAll(async () => {
    await ensureTestDatabase();
    admin = pool();
  });

  afterAll(async () => {
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await Promise.all(pools.map((p) => p.end()));
  });

  it('applies pending migrations in version order and records name and checksum', async () => {
    const schema = freshSchema();
    const [m1, m2] = migrationsFor(schema);
    // Given out of order: version 2 alters the table version 1 creates.
    const result = await migrate(admin, [m2!, m1!], { table: `${schema}.schema_migrations` });

    expect(result.applied.map((m) => m.version)).toEqual([1, 2]);
    expect(result.alreadyApplied).toEqual([]);
    expect(await applications(schema)).toEqual([1, 2]);
    expect(await history(schema)).toEqual([
      { version: '1', name: 'create_items', checksum: migrationChecksum(m1!.up) },
      { version: '2', name: 'add_title', checksum: migrationChecksum(m2!.up) },
    ]);
  });

  it('is a no-op when run again, and applies only what was added since', async () => {
    const schema = freshSchema();
    const table = `${schema}.schema_migrations`;
    const list = migrationsFor(schema);
    await migrate(admin, list, { table });

    const again = await migrate(admin, list, { table });
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual([1, 2]);

    const v3: Migration = {
      version: 3,
      name: 'more',
      up: `INSERT INTO ${schema}.applications VALUES (3)`,
    };
    const later = await migrate(admin, [...list, v3], { table });
    expect(later.applied.map((m) => m.version)).toEqual([3]);
    expect(await applications(schema)).toEqual([1, 2, 3]);
  });

  it('refuses when an applied migration was edited or renamed, and applies nothing', async () => {
    const schema = freshSchema();
    const table = `${schema}.schema_migrations`;
    const [m1, m2] = migrationsFor(schema);
    await migrate(admin, [m1!], { table });

    const edited = { ...m1!, up: `${m1!.up}\nSELECT 1;` };
    await expect(migrate(admin, [edited, m2!], { table })).rejects.toThrow(MigrationChangedError);
    await expect(migrate(admin, [edited, m2!], { table })).rejects.toThrow(/Migration 1 .*differs/);
    const renamed = { ...m1!, name: 'create_things' };
    await expect(migrate(admin, [renamed, m2!], { table })).rejects.toThrow(MigrationChangedError);
    expect(await applications(schema)).toEqual([1]);

    // Whitespace and line endings alone are not an edit.
    const crlf = { ...m1!, up: `${m1!.up.replace(/\n/g, '\r\n')}\n\n` };
    expect((await migrate(admin, [crlf, m2!], { table })).applied.map((m) => m.version)).toEqual([
      2,
    ]);
  });

  it('rolls back a failing migration entirely and leaves it pending', async () => {
    const schema = freshSchema();
    const table = `${schema}.schema_migrations`;
    const [m1] = migrationsFor(schema);
    const broken: Migration = {
      version: 2,
      name: 'half_done',
      up: `CREATE TABLE ${schema}.half (id int); INSERT INTO ${schema}.missing VALUES (1);`,
    };

    const failure = await migrate(admin, [m1!, broken], { table }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationFailedError);
    expect(((failure as MigrationFailedError).cause as { code?: string }).code).toBe('42P01');
    const half = await admin.query('SELECT to_regclass($1) AS t', [`${schema}.half`]);
    expect(half.rows[0].t).toBeNull();
    expect((await history(schema)).map((r) => r.version)).toEqual(['1']);

    const fixed = { ...broken, up: `CREATE TABLE ${schema}.half (id int);` };
    expect((await migrate(admin, [m1!, fixed], { table })).applied.map((m) => m.version)).toEqual([
      2,
    ]);
  });

  it('lets concurrent callers apply each migration exactly once', async () => {
    const schema = freshSchema();
    const table = `${schema}.schema_migrations`;
    const list = migrationsFor(schema);
    const app = uniqueName('mig_race');
    const [a, b] = [pool(app), pool(app)];

    // Hold the migration lock so both callers are provably queued on it before either starts.
    const holder = await admin.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [migrationLockKey(table)]);
      const runs = [migrate(a, list, { table }), migrate(b, list, { table })];
      await waitFor('both migrate calls to wait on the advisory lock', async () => {
        const { rows } = await admin.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity s USING (pid)
            WHERE l.locktype = 'advisory' AND NOT l.granted AND s.application_name = $1`,
          [app],
        );
        return rows[0]!.n === 2;
      });
      await holder.query('SELECT pg_advisory_unlock($1::bigint)', [migrationLockKey(table)]);
      const [ra, rb] = await Promise.all(runs);

      const appliedVersions = [...ra.applied, ...rb.applied].map((m) => m.version).sort();
      expect(appliedVersions).toEqual([1, 2]);
      expect(await applications(schema)).toEqual([1, 2]);
    } finally {
      holder.release();
    }
  });

  it('survives an unorchestrated start-up race as well', async () => {
    const schema = freshSchema();
    const table = `${schema}.schema_migrations`;
    const list = migrationsFor(schema);
    const results = await Promise.all(
      [pool(), pool(), pool()].map((p) => migrate(p, list, { table })),
    );
    expect(results.flatMap((r) => r.applied.map((m) => m.version)).sort()).toEqual([1, 2]);
    expect(await applications(schema)).toEqual([1, 2]);
  });

  it('keeps separate histories per table', async () => {
    const schema = freshSchema();
    const shared: Migration = { version: 1, name: 'one', up: 'SELECT 1' };
    await migrate(admin, [shared], { table: `${schema}.component_a_migrations` });
    const other = await migrate(admin, [{ ...shared, name: 'other', up: 'SELECT 2' }], {
      table: `${schema}.component_b_migrations`,
    });
    expect(other.applied.map((m) => m.name)).toEqual(['other']);
  });

  it('rejects malformed lists and history table names before touching the database', async () => {
    const unreachable = createPgPool(`postgres://postgres@127.0.0.1:${await closedPort()}/x`, {
      onError: () => undefined,
    });
    pools.push(unreachable);
    const m: Migration = { version: 1, name: 'a', up: 'SELECT 1' };
    await expect(migrate(unreachable, [m, { ...m, name: 'b' }])).rejects.toThrow(
      InvalidMigrationListError,
    );
    await expect(migrate(unreachable, [{ ...m, version: 0 }])).rejects.toThrow(
      InvalidMigrationListError,
    );
    await expect(migrate(unreachable, [{ ...m, version: 1.5 }])).rejects.toThrow(
      InvalidMigrationListError,
    );
    await expect(migrate(unreachable, [{ ...m, name: ' ' }])).rejects.toThrow(
      InvalidMigrationListError,
    );
    await expect(migrate(unreachable, [m], { table: 'x; DROP TABLE y' })).rejects.toThrow(
      /Invalid migration history table/,
    );
  });

  it('returns its connection to the pool with the pool defaults intact', async () => {
    const schema = freshSchema();
    const p = createPgPool(TEST_DATABASE_URL, {
      max: 1,
      statementTimeoutMs: 1234,
      onError: () => undefined,
    });
    pools.push(p);
    await migrate(p, migrationsFor(schema), { table: `${schema}.schema_migrations` });
    const { rows } = await p.query<{ statement_timeout: string }>('SHOW statement_timeout');
    expect(rows[0]!.statement_timeout).toBe('1234ms');
    expect(p.totalCount).toBe(1);
  });
});
