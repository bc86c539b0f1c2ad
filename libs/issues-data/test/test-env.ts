import { Client } from 'pg';
import { testStackEnv } from '@issuestream/testing';

export { uniqueName } from '@issuestream/testing';

/** The integration specs' database; TEST_DATABASE_URL points them elsewhere. */
export const TEST_DATABASE_URL = testStackEnv().databaseUrl;

/** Creates the test database when missing; concurrent suites may race here, and losing is fine. */
export async function ensureTestDatabase(url = TEST_DATABASE_URL): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount !== 0) return;
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
      // 42P04 duplicate_database, 23505 on pg_database: another suite created it first.
      if (err.code !== '42P04' && err.code !== '23505') throw err;
    });
  } finally {
    await client.end();
  }
}
