// Demo for the main command: seeds a demo organisation and project, produces
// a monitor-failure occurrence through @issuestream/issue-platform, and
// prints the issue ingest-occurrences made of it.
import { randomUUID } from 'node:crypto';
import { createOccurrenceProducer } from '@issuestream/issue-platform';
import { createProducer } from '@issuestream/kafka';
import { createCodec } from '@issuestream/schemas';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, TenantStore, tenantMigrations } from '@issuestream/storage';
import { waitFor } from '@issuestream/testing';
import { runDemo } from './run-demo';

async function main(): Promise<void> {
  const env = process.env;
  const pool = createPgPool(env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream');
  const raw = await createProducer({ brokers: (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), clientId: 'occurrence-demo' });
  try {
    await waitFor(async () => (await fetch(`${env['INGEST_OCCURRENCES_URL'] ?? 'http://127.0.0.1:3200'}/readyz`)).ok, { timeoutMs: 90000, description: 'ingest-occurrences ready' });
    await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    const tenants = new TenantStore(pool);
    const org = await tenants.ensureOrganization({ slug: 'demo', name: 'Demo' });
    const project = await tenants.ensureProject({ organizationId: org.id, slug: 'demo', platform: 'other' });
    const codec = createCodec({ registryUrl: env['SCHEMA_REGISTRY_URL'] ?? 'http://127.0.0.1:8081/apis/ccompat/v7' });
    const producer = createOccurrenceProducer({ producer: raw, codec });
    const fingerprint = `demo-monitor-${randomUUID().slice(0, 8)}`;
    const produced = await producer.produceOccurrence(
      {
        projectId: project.id,
        fingerprint: [fingerprint],
        issueTitle: 'Monitor failure: nightly_backup',
        subtitle: 'Your monitor has reached its failure threshold.',
        type: 4001,
        level: 'error',
        evidenceDisplay: [{ name: 'Failure reason', value: 'A missed check-in was detected', important: true }],
      },
      { platform: 'other', environment: 'demo', tags: { 'monitor.slug': 'nightly_backup' }, timestamp: new Date().toISOString() },
    );
    console.log(`[demo] produced occurrence ${produced.record.id} (type 4001) for project ${project.id}`);
    const group = await waitFor(
      async () => {
        const { rows } = await pool.query(
          `SELECT g.id, g.type, g.title, g.status, g.substatus, g.times_seen, g.level, g.priority
             FROM issue_occurrences o JOIN groups g ON g.id = o.group_id WHERE o.id = $1`,
          [produced.record.id],
        );
        return rows[0];
      },
      { timeoutMs: 60000, description: 'the issue in Postgres' },
    );
    console.log(`[demo] ingest-occurrences created issue ${JSON.stringify(group)}`);
  } finally {
    await raw.disconnect();
    await pool.end();
  }
}

runDemo(main);
