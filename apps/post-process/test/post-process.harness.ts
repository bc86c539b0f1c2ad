import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adHocTopics, createProducer, provisionTopics, type MessageProducer } from '@issuestream/kafka';
import { createCodec, type Events, type JsonObject } from '@issuestream/schemas';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, tenantMigrations, TenantStore } from '@issuestream/storage';
import { freePort, startApp, testAppEnv, testStackEnv, uniqueName, waitFor, type AppProcess } from '@issuestream/testing';
import type { Pool } from 'pg';

const stack = testStackEnv();
export const connection = { brokers: stack.kafkaBrokers, clientId: 'post-process-test' };
export const codec = createCodec({ registryUrl: stack.schemaRegistryUrl });

export const newEventId = () => randomUUID().replace(/-/g, '');

/** An eventstream insert as ingest-events writes it, for an error with `data` merged into a minimal event. */
export function insertMessage(projectId: number, organizationId: number, groupId: number, eventId: string, data: JsonObject = {}): Events.EventsMessageInput {
  const seconds = Date.now() / 1000;
  return {
    version: 2,
    operation: 'insert',
    payload: {
      event_id: eventId, project_id: projectId, organization_id: organizationId, group_id: groupId, group_ids: [groupId],
      message: 'TypeError x is undefined', platform: 'node', datetime: new Date(seconds * 1000).toISOString().replace('Z', '000Z'),
      primary_hash: 'a'.repeat(32),
      data: { event_id: eventId, level: 'error', platform: 'node', environment: 'production', received: seconds, timestamp: seconds, type: 'error', ...data },
      occurrence_data: {},
    },
    state: { is_new: false, is_regression: false, is_new_group_environment: false, queue: 'post_process_errors', skip_consume: false, group_states: [{ id: groupId }] },
  };
}

/**
 * One isolated post-process process (a real OS process, so tests can SIGKILL
 * it) on its own topics, consumer group, port and chDB directory, against
 * the shared stack.
 */
export class PostProcessRun {
  readonly eventsTopic = uniqueName('events');
  readonly occurrencesTopic = uniqueName('occurrences');
  readonly groupId = uniqueName('post_process_group');
  readonly pool: Pool = createPgPool(stack.databaseUrl, { applicationName: 'post-process-test' });
  readonly clickhouseDir = mkdtempSync(path.join(tmpdir(), 'is-post-process-ch-'));
  httpPort = 0;
  private producer?: MessageProducer;
  app?: AppProcess;
  projectId = 0;
  organizationId = 0;
  tenants = new TenantStore(this.pool, { cacheTtlMs: 0 });

  async setUp(): Promise<void> {
    await provisionTopics(connection, [this.eventsTopic, this.occurrencesTopic].flatMap((t) => adHocTopics(t, 1)));
    await codec.registerAll();
    await migrate(this.pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    const org = await this.tenants.createOrganization({ slug: uniqueName('org').replace(/_/g, '-') });
    const project = await this.tenants.createProject({ organizationId: org.id, slug: 'app', platform: 'node' });
    this.organizationId = org.id;
    this.projectId = project.id;
    this.producer = await createProducer(connection);
  }

  async start(extraEnv: Record<string, string> = {}): Promise<AppProcess> {
    this.httpPort = await freePort();
    this.app = startApp('apps/post-process/src/main.ts', testAppEnv({
      KAFKA_GROUP_ID: this.groupId,
      EVENTSTREAM_TOPIC: this.eventsTopic,
      OCCURRENCES_TOPIC: this.occurrencesTopic,
      KAFKA_TOPIC_PARTITIONS: '1',
      CLICKHOUSE_PATH: this.clickhouseDir,
      HTTP_PORT: String(this.httpPort),
      KAFKA_RETRY_INITIAL_MS: '100',
      KAFKA_RETRY_MAX_MS: '1000',
      POST_PROCESS_STEP_BACKOFF_MS: '50',
      ...extraEnv,
    }));
    const app = this.app;
    await waitFor(async () => (await fetch(`http://127.0.0.1:${this.httpPort}/readyz`)).ok, {
      timeoutMs: 90000, description: 'post-process ready', intervalMs: 200,
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${app.output().slice(-3000)}`);
    });
    return app;
  }

  async stop(): Promise<void> {
    if (this.app && this.app.child.exitCode === null && this.app.child.signalCode === null) {
      this.app.kill('SIGTERM');
      await this.app.exited;
    }
  }

  async kill(): Promise<void> {
    if (this.app && this.app.child.exitCode === null && this.app.child.signalCode === null) {
      this.app.kill('SIGKILL');
      await this.app.exited;
    }
  }

  async tearDown(): Promise<void> {
    await this.kill();
    await this.producer?.disconnect();
    await this.pool.end();
    rmSync(this.clickhouseDir, { recursive: true, force: true });
  }

  /** ingest-events' form: Avro with the registry's framing, keyed by project id. */
  async sendAvro(messages: readonly Events.EventsMessageInput[]): Promise<void> {
    const values = await Promise.all(messages.map((m) => codec.encode('events', m)));
    await this.producer!.send(this.eventsTopic, values.map((value, i) => ({ key: Buffer.from(String(messages[i]!.payload.project_id)), value })));
  }

  /** The reference's JSON form: `[2, "insert", payload, state]`. */
  async sendJson(messages: readonly Events.EventsMessageInput[]): Promise<void> {
    await this.producer!.send(this.eventsTopic, messages.map((m) => ({
      key: Buffer.from(String(m.payload.project_id)),
      value: Buffer.from(JSON.stringify([m.version, m.operation, m.payload, m.state])),
    })));
  }

  insert(groupId: number, eventId: string, data: JsonObject = {}): Events.EventsMessageInput {
    return insertMessage(this.projectId, this.organizationId, groupId, eventId, data);
  }

  async metric(name: string, labels = ''): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.httpPort}/metrics`)).text();
    return text.split('\n').filter((line) => line.startsWith(name) && line.includes(labels)).reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }

  async waitForMetric(name: string, labels: string, atLeast: number, timeoutMs = 60000): Promise<void> {
    await waitFor(async () => (await this.metric(name, labels)) >= atLeast, { timeoutMs, description: `${name}{${labels}} >= ${atLeast} (output: ${this.app?.output().slice(-1500)})` });
  }
}
