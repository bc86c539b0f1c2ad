import { uniqueName } from '@issuestream/testing';
import { Client, Pool } from 'pg';

const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream_test';

export interface AdminTestSchema {
  readonly name: string;
  /** DATABASE_URL for the CLI: the test database, this schema first on the search_path. */
  readonly databaseUrl: string;
  /** For asserting rows; resolves unqualified names in this schema. */
  readonly pool: Pool;
  drop(): Promise<void>;
}

/**
 * A fresh schema in the shared test database (other suites use the same
 * database concurrently, and the tenant tables have fixed names).
 */
export async function createAdminTestSchema(): Promise<AdminTestSchema> {
  await ensureDatabase(TEST_DATABASE_URL);
  const name = uniqueName('admin_cli');
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${name}`);
  const pool = new Pool({ connectionString: url.toString(), max: 2 });
  return {
    name,
    databaseUrl: url.toString(),
    pool,
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await pool.end();
    },
  };
}

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const client = new Client({ connectionString: target.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return;
    await client
      .query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`)
      .catch((err: { code?: string }) => {
        // Another suite created it first.
        if (err.code !== '42P04' && err.code !== '23505') throw err;
      });
  } finally {
    await client.end();
  }
}
