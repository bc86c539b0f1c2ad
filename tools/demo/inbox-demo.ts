// Demo for the main command: an API token for the demo organisation and the
// link that signs a browser into its feedback inbox (served by the api). The
// feedback demo before it has put a feedback there.
import { API_TOKEN_MIGRATIONS_TABLE, apiTokenMigrations, ApiTokenStore } from '@issuestream/api-tokens-data';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, tenantMigrations, TenantStore } from '@issuestream/storage';
import { waitUntilReady } from './demo-project';
import { runDemo } from './run-demo';

const env = process.env;
const apiUrl = env['API_URL'] ?? 'http://127.0.0.1:3500';

async function main(): Promise<void> {
  const pool = createPgPool(env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream');
  try {
    await waitUntilReady([apiUrl]);
    await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    await migrate(pool, apiTokenMigrations, { table: API_TOKEN_MIGRATIONS_TABLE });
    const org = await new TenantStore(pool).ensureOrganization({ slug: 'demo', name: 'Demo' });
    const token = await new ApiTokenStore(pool).create({ organizationId: org.id, scopes: ['org:read', 'project:write'], label: 'demo inbox' });
    console.log(`[demo] API token for organisation demo (org:read, project:write): ${token.secret}`);
    console.log(`[demo]   curl -H "Authorization: Bearer ${token.secret}" "${apiUrl}/api/0/organizations/demo/issues/?query=issue.category:feedback"`);
    console.log(`[demo] feedback inbox: ${apiUrl}/inbox/login?token=${encodeURIComponent(token.secret)}`);
  } finally {
    await pool.end();
  }
}

runDemo(main);
