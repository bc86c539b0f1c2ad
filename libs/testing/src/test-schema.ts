import { Pool } from 'pg';
import { testStackEnv } from './stack-env';
import { uniqueName } from './unique-name';

export interface TestSchema {
  readonly name: string;
  /** Connections whose search_path is the schema, so unqualified tables land there. */
  readonly pool: Pool;
  /** Closes the pool and drops the schema with everything in it. */
  drop(): Promise<void>;
}

/**
 * A fresh schema in the test database for one spec file: its migrations and
 * rows never meet another file's, and files can run in parallel.
 */
export async function createTestSchema(prefix: string, applicationName: string): Promise<TestSchema> {
  const connectionString = testStackEnv().databaseUrl;
  const name = uniqueName(prefix);
  const admin = new Pool({ connectionString, application_name: applicationName, max: 1 });
  await admin.query(`CREATE SCHEMA ${name}`);
  const pool = new Pool({ connectionString, application_name: applicationName, max: 4, options: `-c search_path=${name}` });
  // A spec's own failures are what it reports; an idle connection dropping at teardown is not one.
  pool.on('error', () => undefined);
  return {
    name,
    pool,
    async drop() {
      await pool.end();
      await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await admin.end();
    },
  };
}
