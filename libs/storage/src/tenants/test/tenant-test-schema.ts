import type { Pool } from 'pg';
import { ensureTestDatabase, TEST_DATABASE_URL, uniqueName } from '../../../test/test-env';
import { createPgPool } from '../../postgres/create-pg-pool';
import { migrate } from '../../postgres/migrate';
import { TENANT_MIGRATIONS_TABLE, tenantMigrations } from '../tenant-migrations';

export interface TenantTestSchema {
  readonly name: string;
  /** A pool whose sessions resolve unqualified names in this schema first. */
  pool(): Pool;
  /** Applies the tenant migrations in this schema. */
  migrate(): ReturnType<typeof migrate>;
  /** Ends every pool handed out and drops the schema. */
  drop(): Promise<void>;
}

/**
 * A throw-away schema in the shared test database: other suites run against
 * the same database at the same time, and tenant tables have fixed names.
 */
export async function createTenantTestSchema(): Promise<TenantTestSchema> {
  await ensureTestDatabase();
  const name = uniqueName('st_tenants');
  const pools: Pool[] = [];
  const admin = createPgPool(TEST_DATABASE_URL, { applicationName: 'tenants-spec', max: 2 });
  await admin.query(`CREATE SCHEMA ${name}`);
  const pool = (): Pool => {
    const scoped = createPgPool(TEST_DATABASE_URL, {
      applicationName: 'tenants-spec',
      max: 4,
      onError: () => undefined,
      pgConfig: { options: `-c search_path=${name}` },
    });
    pools.push(scoped);
    return scoped;
  };
  const migrationPool = pool();
  return {
    name,
    pool,
    migrate: () => migrate(migrationPool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE }),
    async drop() {
      await Promise.all(pools.map((p) => p.end()));
      await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await admin.end();
    },
  };
}
