import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adHocTopics, provisionTopics } from '@issuestream/kafka';
import { createCodec } from '@issuestream/schemas';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, TenantStore, tenantMigrations } from '@issuestream/storage';
import { freePort, startApp, testAppEnv, testStackEnv, uniqueName, waitFor, type AppProcess } from '@issuestream/testing';
import type { Pool } from 'pg';

export interface IssueRow {
  id: string;
  type: number;
  status: number;
  substatus: number | null;
  times_seen: string;
  priority: number | null;
  title: string;
}

/**
 * ingest-occurrences as its own OS process, started the way `npm start`
 * starts it, on a topic, consumer group and chDB directory of its own, plus a
 * fresh organisation and project in the test database.
 */
export class RunningIngest {
  readonly topic = uniqueName('occurrences');
  readonly stack = testStackEnv();
  pool!: Pool;
  projectId = 0;
  private app?: AppProcess;
  private readonly clickhouseDir = mkdtempSync(path.join(tmpdir(), 'is-ch-'));

  async start(): Promise<void> {
    const connection = { brokers: this.stack.kafkaBrokers, clientId: 'issue-platform-test' };
    await provisionTopics(connection, [...adHocTopics(this.topic, 1), ...adHocTopics(`${this.topic}_pp`, 1)]);
    await createCodec({ registryUrl: this.stack.schemaRegistryUrl }).registerAll();
    this.pool = createPgPool(this.stack.databaseUrl, { max: 2 });
    // The app migrates at start, but the test's organisation comes first, and on a fresh database its tables do not exist yet.
    await migrate(this.pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    const tenants = new TenantStore(this.pool, { cacheTtlMs: 0 });
    const org = await tenants.createOrganization({ slug: uniqueName('org').replace(/_/g, '-') });
    this.projectId = (await tenants.createProject({ organizationId: org.id, slug: 'app', platform: 'other' })).id;
    const port = await freePort();
    this.app = startApp('apps/ingest-occurrences/src/main.ts', testAppEnv({
      DATABASE_URL: this.stack.databaseUrl,
      CLICKHOUSE_PATH: this.clickhouseDir,
      KAFKA_GROUP_ID: uniqueName('ingest_group'),
      OCCURRENCES_TOPIC: this.topic,
      POST_PROCESS_TOPIC: `${this.topic}_pp`,
      KAFKA_TOPIC_PARTITIONS: '1',
      HTTP_PORT: String(port),
    }));
    const app = this.app;
    await waitFor(async () => {
      if (app.child.exitCode !== null) throw new Error(`ingest-occurrences exited:\n${app.output()}`);
      return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
    }, { timeoutMs: 120_000, intervalMs: 250, description: 'ingest-occurrences ready' }).catch((error: Error) => {
      throw new Error(`${error.message}\n${app.output().slice(-3000)}`);
    });
  }

  async stop(): Promise<void> {
    if (this.app && this.app.child.exitCode === null) {
      this.app.kill('SIGTERM');
      await this.app.exited;
    }
    await this.pool?.end();
    rmSync(this.clickhouseDir, { recursive: true, force: true });
  }

  async issues(): Promise<IssueRow[]> {
    const { rows } = await this.pool.query<IssueRow>(`SELECT id, type, status, substatus, times_seen, priority, title FROM groups WHERE project_id = $1 ORDER BY id`, [this.projectId]);
    return rows;
  }

  async occurrences(): Promise<{ id: string; group_id: string | null }[]> {
    const { rows } = await this.pool.query(`SELECT id, group_id FROM issue_occurrences WHERE project_id = $1`, [this.projectId]);
    return rows;
  }
}
