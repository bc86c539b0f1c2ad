import { ALERT_MIGRATIONS_TABLE, alertMigrations, insertRule, selectRules } from '@issuestream/alerts-data';
import { migrate, TENANT_MIGRATIONS_TABLE, TenantStore, tenantMigrations, type ProjectInfo } from '@issuestream/storage';
import { waitFor } from '@issuestream/testing';
import type { Pool } from 'pg';

/** Waits until each app answers `/readyz`: the demos start right after the apps are spawned. */
export async function waitUntilReady(urls: readonly string[]): Promise<void> {
  for (const url of urls) {
    await waitFor(async () => (await fetch(`${url}/readyz`)).ok, { timeoutMs: 90000, description: `${url} ready` });
  }
}

/**
 * The demo organisation and project (created once, reused by later runs) and
 * a fresh DSN key for it on the relay, as a real SDK would be configured.
 */
export async function seedDemoProject(pool: Pool, relayPort: string, keyLabel: string): Promise<{ project: ProjectInfo; dsn: string }> {
  await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
  const tenants = new TenantStore(pool);
  const org = await tenants.ensureOrganization({ slug: 'demo', name: 'Demo' });
  const project = await tenants.ensureProject({ organizationId: org.id, slug: 'demo', platform: 'javascript' });
  const key = await tenants.createProjectKey({ projectId: project.id, label: keyLabel });
  return { project, dsn: `http://${key.publicKey}@127.0.0.1:${relayPort}/${project.id}` };
}

const DEMO_ALERT_RULE = 'Demo feedback alert';

/** An alert rule e-mailing the demo team about every new feedback issue of the project (created once). */
export async function ensureDemoAlertRule(pool: Pool, projectId: number): Promise<void> {
  await migrate(pool, alertMigrations, { table: ALERT_MIGRATIONS_TABLE });
  if ((await selectRules(pool, [projectId])).some((rule) => rule.name === DEMO_ALERT_RULE)) return;
  await insertRule(pool, { projectId, name: DEMO_ALERT_RULE, trigger: 'new_issue', categories: ['feedback'], recipients: ['demo-team@example.com'], frequencyMinutes: 30 });
}
