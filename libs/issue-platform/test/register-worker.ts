/**
 * One competitor in the registration races of group-type-store.int.spec.ts:
 * a separate OS process that registers the declaration it is given once the
 * test releases the shared advisory lock, and prints what happened as JSON.
 *
 * Environment: WORKER_SCHEMA, WORKER_BARRIER (advisory lock key), WORKER_OWNER, WORKER_DECLARATION (JSON).
 */
import { createPgPool } from '@issuestream/storage';
import { testStackEnv } from '@issuestream/testing';
import { GroupTypeStore, type GroupTypeDeclaration, defineGroupType } from '../src';

async function main(): Promise<void> {
  const { WORKER_SCHEMA: schema, WORKER_BARRIER: barrier, WORKER_OWNER: owner, WORKER_DECLARATION: declaration } = process.env;
  if (!schema || !barrier || !owner || !declaration) throw new Error('WORKER_SCHEMA, WORKER_BARRIER, WORKER_OWNER and WORKER_DECLARATION are required');
  const pool = createPgPool(testStackEnv().databaseUrl, { max: 2, pgConfig: { options: `-c search_path=${schema}` } });
  try {
    const store = await GroupTypeStore.open(pool);
    const type = defineGroupType(JSON.parse(declaration) as GroupTypeDeclaration);
    const gate = await pool.connect();
    console.log('waiting');
    await gate.query('SELECT pg_advisory_lock_shared($1::bigint)', [barrier]);
    gate.release();
    try {
      const { outcome } = await store.register(type, { owner });
      console.log(JSON.stringify({ outcome }));
    } catch (error) {
      console.log(JSON.stringify({ error: (error as Error).name, message: (error as Error).message }));
    }
  } finally {
    await pool.end();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
