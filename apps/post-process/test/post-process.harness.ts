import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { adHocTopics, createProducer, provisionTopics, readTopic, type MessageProducer, type ReadMessage } from '@issuestream/kafka';
import { createCodec, type Events, type IngestOccurrences, type JsonObject } from '@issuestream/schemas';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, tenantMigrations, TenantStore } from '@issuestream/storage';
import { freePort, startApp, stopApp, testAppEnv, testStackEnv, uniqueName, waitFor, waitForAppReady, type AppProcess } from '@issuestream/testing';
import { UserReportStore } from '@issuestream/user-reports-data';
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
  readonly outcomesTopic = uniqueName('outcomes');
  readonly ingestTopic = uniqueName('ingest_events');
  private readonly ingestClickhouseDir = mkdtempSync(path.join(tmpdir(), 'is-post-process-errors-ch-'));
  ingestEvents?: AppProcess;
  readonly groupId = uniqueName('post_process_group');
  /**
   * With `ownSchema`, every table lives in a schema of this run: the alert outbox is drained by any
   * post-process on the database, so a run that reads e-mails back keeps other runs' senders off it.
   */
  readonly schema: string | null;
  readonly databaseUrl: string;
  readonly pool: Pool;
  readonly clickhouseDir = mkdtempSync(path.join(tmpdir(), 'is-post-process-ch-'));
  httpPort = 0;
  private producer?: MessageProducer;
  app?: AppProcess;
  projectId = 0;
  organizationId = 0;
  readonly tenants: TenantStore;

  constructor(options: { ownSchema?: boolean } = {}) {
    this.schema = options.ownSchema ? uniqueName('pp_run') : null;
    const url = new URL(stack.databaseUrl);
    if (this.schema) url.searchParams.set('options', `-c search_path=${this.schema}`);
    this.databaseUrl = url.toString();
    this.pool = createPgPool(this.databaseUrl, { applicationName: 'post-process-test' });
    this.tenants = new TenantStore(this.pool, { cacheTtlMs: 0 });
  }

  async setUp(): Promise<void> {
    if (this.schema) await this.pool.query(`CREATE SCHEMA ${this.schema}`);
    await provisionTopics(connection, [this.eventsTopic, this.occurrencesTopic, this.outcomesTopic, this.ingestTopic].flatMap((t) => adHocTopics(t, 1)));
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
      DATABASE_URL: this.databaseUrl,
      KAFKA_GROUP_ID: this.groupId,
      EVENTSTREAM_TOPIC: this.eventsTopic,
      OCCURRENCES_TOPIC: this.occurrencesTopic,
      OUTCOMES_TOPIC: this.outcomesTopic,
      KAFKA_TOPIC_PARTITIONS: '1',
      CLICKHOUSE_PATH: this.clickhouseDir,
      HTTP_PORT: String(this.httpPort),
      KAFKA_RETRY_INITIAL_MS: '100',
      KAFKA_RETRY_MAX_MS: '1000',
      POST_PROCESS_STEP_BACKOFF_MS: '50',
      ...extraEnv,
    }));
    const app = this.app;
    await waitForAppReady(app, this.httpPort, 'post-process');
    return app;
  }

  async stop(): Promise<void> {
    await stopApp(this.app, 'SIGTERM');
  }

  async kill(): Promise<void> {
    await stopApp(this.app, 'SIGKILL');
  }

  /**
   * The real ingest-events next to it, writing this run's eventstream topic:
   * error events become stored events (what update_user_reports and the
   * api look up) and eventstream inserts.
   */
  async startIngestEvents(): Promise<void> {
    const port = await freePort();
    const app = startApp('apps/ingest-events/src/main.ts', testAppEnv({
      DATABASE_URL: this.databaseUrl, KAFKA_GROUP_ID: uniqueName('ingest_events_group'), EVENTS_INGEST_TOPIC: this.ingestTopic, EVENTSTREAM_TOPIC: this.eventsTopic,
      OUTCOMES_TOPIC: this.outcomesTopic, KAFKA_TOPIC_PARTITIONS: '1', CLICKHOUSE_PATH: this.ingestClickhouseDir, HTTP_PORT: String(port),
    }));
    this.ingestEvents = app;
    await waitForAppReady(app, port, 'ingest-events');
  }

  /** An error event as the relay stand-in writes it to ingest-events. */
  async sendError(eventId: string, event: JsonObject = {}): Promise<void> {
    const payload = Buffer.from(JSON.stringify({
      event_id: eventId, platform: 'node', level: 'error', environment: 'production', timestamp: Date.now() / 1000,
      exception: { values: [{ type: 'TypeError', value: 'x is undefined', stacktrace: { frames: [{ function: 'handle', module: 'app', filename: '/srv/app.js', lineno: 10, in_app: true }] } }] },
      user: { id: '42', email: 'jane@example.com', name: 'Jane' },
      ...event,
    }));
    const value = await codec.encode('ingest-events', {
      type: 'event', payload, start_time: Math.floor(Date.now() / 1000), event_id: eventId, project_id: this.projectId, remote_addr: '10.0.0.1', attachments: [],
    });
    await this.producer!.send(this.ingestTopic, [{ key: Buffer.from(eventId, 'hex'), value }]);
  }

  /** A user report as the api or the attachments consumer stores it before its event is known (no issue). */
  async saveReport(eventId: string, options: { environmentId?: number | null; comments?: string } = {}): Promise<void> {
    const [result] = await new UserReportStore(this.pool).save([{
      projectId: this.projectId, eventId, groupId: null, environmentId: options.environmentId ?? null, name: 'Jane', email: 'jane@example.com',
      comments: options.comments ?? 'It broke when I clicked save', dateAdded: new Date(),
    }], { overwriteAddedSince: new Date(Date.now() - 300_000) });
    if (result?.kind !== 'inserted') throw new Error(`report not stored: ${JSON.stringify(result)}`);
  }

  async report(eventId: string): Promise<{ group_id: string | null; environment_id: string | null } | undefined> {
    const { rows } = await this.pool.query<{ group_id: string | null; environment_id: string | null }>(
      'SELECT group_id::text AS group_id, environment_id::text AS environment_id FROM user_reports WHERE project_id = $1 AND event_id = $2', [this.projectId, eventId],
    );
    return rows[0];
  }

  async storedGroup(eventId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ group_id: string }>('SELECT group_id::text AS group_id FROM error_events WHERE project_id = $1 AND event_id = $2', [this.projectId, eventId]);
    return rows[0]?.group_id;
  }

  /** Every feedback occurrence on the occurrences topic so far (read up to the high watermark), with the error it is about. */
  async feedbackOccurrences(): Promise<{ id: string; associatedEventId: string; source: unknown; message: unknown; replayId: unknown }[]> {
    const kafka = new Kafka({ brokers: connection.brokers, clientId: 'post-process-test', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(this.occurrencesTopic).finally(() => admin.disconnect());
    const total = offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
    if (total === 0) return [];
    const messages = await readTopic(connection, this.occurrencesTopic, { until: (m) => m.length >= total, timeoutMs: 30000 });
    const decode = codec.recordDecoder('ingest-occurrences');
    const records = await Promise.all(messages.map(async (m) => (await decode(m.value ?? Buffer.alloc(0))) as IngestOccurrences.IngestOccurrencesMessage));
    return records.flatMap((record) => {
      if (record.payload_type !== 'occurrence') return [];
      const contexts = (record.event?.['contexts'] ?? {}) as JsonObject;
      const feedback = (contexts['feedback'] ?? {}) as JsonObject;
      return [{ id: record.id, associatedEventId: String(feedback['associated_event_id']), source: record.evidence_data['source'], message: feedback['message'], replayId: feedback['replay_id'] }];
    });
  }

  /** Runs `main.js update-user-reports` once, as the CronJob does, and returns its exit code. */
  async updateUserReportsOnce(): Promise<number | null> {
    const job = startApp('apps/post-process/src/main.ts', testAppEnv({
      DATABASE_URL: this.databaseUrl, OCCURRENCES_TOPIC: this.occurrencesTopic, OUTCOMES_TOPIC: this.outcomesTopic,
    }), { args: ['update-user-reports'] });
    await job.exited;
    if (job.child.exitCode !== 0) throw new Error(`update-user-reports exited ${job.child.exitCode}\n${job.output().slice(-3000)}`);
    return job.child.exitCode;
  }

  async tearDown(): Promise<void> {
    await stopApp(this.ingestEvents, 'SIGKILL');
    rmSync(this.ingestClickhouseDir, { recursive: true, force: true });
    await this.kill();
    await this.producer?.disconnect();
    if (this.schema) await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
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

  /** Bytes as they are, for what no producer of ours would write. */
  async sendRaw(values: readonly Buffer[]): Promise<void> {
    await this.producer!.send(this.eventsTopic, values.map((value) => ({ key: Buffer.from(String(this.projectId)), value })));
  }

  deadLetters(count: number): Promise<ReadMessage[]> {
    return readTopic(connection, `${this.eventsTopic}-dlq`, { until: (m) => m.length >= count, timeoutMs: 60000 });
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
