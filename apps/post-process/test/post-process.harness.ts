import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { adHocTopics, createProducer, groupLag, provisionTopics, readTopic, type MessageProducer, type ReadMessage } from '@issuestream/kafka';
import { createCodec, type Events, type IngestOccurrences, type JsonObject } from '@issuestream/schemas';
import { buildDsn, createPgPool, migrate, TENANT_MIGRATIONS_TABLE, tenantMigrations, TenantStore, type CreatedProjectKey } from '@issuestream/storage';
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
  readonly attachmentsTopic = uniqueName('ingest_attachments');
  readonly feedbackTopic = uniqueName('ingest_feedback');
  readonly genericEventsTopic = uniqueName('generic_events');
  /** The other apps this run started (ingest-events, the relay, …), each with its consumer group and scratch directory. */
  private readonly services: { app: AppProcess; dir: string | null }[] = [];
  /** Consumer groups by app name, for `waitForConsumed`. */
  readonly consumerGroups = new Map<string, string>();
  relayUrl = '';
  apiUrl = '';
  key?: CreatedProjectKey;
  readonly groupId = uniqueName('post_process_group');
  /**
   * With `ownSchema`, every table lives in a schema of this run: the alert outbox is drained by any
   * post-process on the database, so a run that reads e-mails back keeps other runs' senders off it.
   */
  readonly schema: string | null;
  readonly databaseUrl: string;
  readonly pool: Pool;
  readonly clickhouseDir = mkdtempSync(path.join(tmpdir(), 'is-post-process-ch-'));
  /** The filesystem blob store the api and ingest-attachments share. */
  private readonly blobDir = mkdtempSync(path.join(tmpdir(), 'is-post-process-blobs-'));
  httpPort = 0;
  private producer?: MessageProducer;
  app?: AppProcess;
  projectId = 0;
  organizationId = 0;
  organizationSlug = '';
  readonly tenants: TenantStore;

  constructor(options: { ownSchema?: boolean } = {}) {
    this.schema = options.ownSchema ? uniqueName('pp_run') : null;
    const url = new URL(stack.databaseUrl);
    if (this.schema) url.searchParams.set('options', `-c search_path=${this.schema}`);
    this.databaseUrl = url.toString();
    this.pool = createPgPool(this.databaseUrl, { applicationName: 'post-process-test' });
    this.tenants = new TenantStore(this.pool, { cacheTtlMs: 0 });
    this.consumerGroups.set('post-process', this.groupId);
  }

  async setUp(): Promise<void> {
    if (this.schema) await this.pool.query(`CREATE SCHEMA ${this.schema}`);
    const topics = [this.eventsTopic, this.occurrencesTopic, this.outcomesTopic, this.ingestTopic, this.attachmentsTopic, this.feedbackTopic, this.genericEventsTopic];
    await provisionTopics(connection, topics.flatMap((t) => adHocTopics(t, 1)));
    await codec.registerAll();
    await migrate(this.pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    const org = await this.tenants.createOrganization({ slug: uniqueName('org').replace(/_/g, '-') });
    const project = await this.tenants.createProject({ organizationId: org.id, slug: 'app', platform: 'node' });
    this.organizationId = org.id;
    this.organizationSlug = org.slug;
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
      POST_PROCESS_TOPIC: this.genericEventsTopic,
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
   * Another app of the system as a real process next to post-process, on this
   * run's topics and database (and, for a consumer, its own group and chDB
   * directory); stopped by tearDown. Returns its HTTP port.
   */
  private async startService(name: string, env: Record<string, string>, options: { portVariable?: string; consumer?: boolean; clickhouse?: boolean } = {}): Promise<number> {
    const port = await freePort();
    const dir = options.clickhouse ? mkdtempSync(path.join(tmpdir(), `is-${name}-`)) : null;
    const group = options.consumer ? uniqueName(`${name.replace(/-/g, '_')}_group`) : null;
    if (group) this.consumerGroups.set(name, group);
    const app = startApp(`apps/${name}/src/main.ts`, testAppEnv({
      DATABASE_URL: this.databaseUrl, OUTCOMES_TOPIC: this.outcomesTopic, KAFKA_TOPIC_PARTITIONS: '1', [options.portVariable ?? 'HTTP_PORT']: String(port),
      ...(group ? { KAFKA_GROUP_ID: group } : {}), ...(dir ? { CLICKHOUSE_PATH: dir } : {}), ...env,
    }));
    this.services.push({ app, dir });
    await waitForAppReady(app, port, name);
    return port;
  }

  /**
   * The real ingest-events next to it, writing this run's eventstream topic:
   * error events become stored events (what update_user_reports and the
   * api look up) and eventstream inserts.
   */
  async startIngestEvents(): Promise<void> {
    await this.startService('ingest-events', { EVENTS_INGEST_TOPIC: this.ingestTopic, EVENTSTREAM_TOPIC: this.eventsTopic }, { consumer: true, clickhouse: true });
  }

  /** The relay stand-in in front of this run's ingest topics, and a key of the run's project for its DSN. */
  async startRelay(): Promise<void> {
    const port = await this.startService('relay', {
      EVENTS_TOPIC: this.ingestTopic, ATTACHMENTS_TOPIC: this.attachmentsTopic, FEEDBACK_TOPIC: this.feedbackTopic,
    }, { portVariable: 'RELAY_PORT' });
    this.relayUrl = `http://127.0.0.1:${port}`;
    this.key = await this.tenants.createProjectKey({ projectId: this.projectId });
  }

  /** The api (the legacy user-feedback endpoint and the crash-report modal), shimming to this run's occurrences topic. */
  async startApi(): Promise<void> {
    const port = await this.startService('api', { OCCURRENCES_TOPIC: this.occurrencesTopic, BLOB_STORE: 'fs', BLOB_STORE_PATH: this.blobDir });
    this.apiUrl = `http://127.0.0.1:${port}`;
  }

  /** ingest-attachments: envelope user reports (and attachments) from the relay. */
  async startIngestAttachments(): Promise<void> {
    await this.startService('ingest-attachments', {
      ATTACHMENTS_INGEST_TOPIC: this.attachmentsTopic, EVENTSTREAM_TOPIC: this.eventsTopic, OCCURRENCES_TOPIC: this.occurrencesTopic, BLOB_STORE: 'fs', BLOB_STORE_PATH: this.blobDir,
    }, { consumer: true, clickhouse: true });
  }

  /** ingest-feedback-events: feedback from the relay becomes feedback occurrences (and user reports on their associated events). */
  async startIngestFeedbackEvents(): Promise<void> {
    await this.startService('ingest-feedback-events', { FEEDBACK_TOPIC: this.feedbackTopic, OCCURRENCES_TOPIC: this.occurrencesTopic }, { consumer: true });
  }

  /** ingest-occurrences: the occurrences on this run's topic become issues. */
  async startIngestOccurrences(): Promise<void> {
    await this.startService('ingest-occurrences', { OCCURRENCES_TOPIC: this.occurrencesTopic, POST_PROCESS_TOPIC: this.genericEventsTopic }, { consumer: true, clickhouse: true });
  }

  /** The project's DSN with the run's key, as an SDK (or the crash-report modal's page) is configured. */
  dsn(): string {
    if (!this.key) throw new Error('no key: start the relay first');
    return buildDsn({ publicKey: this.key.publicKey, projectId: this.projectId, host: 'ingest.example.com' });
  }

  /** An envelope (header and items, one JSON line each) posted to the relay with the run's key, as an SDK sends it. */
  async postEnvelope(eventId: string, items: readonly { type: string; payload: JsonObject }[]): Promise<Response> {
    const lines = [JSON.stringify({ event_id: eventId, sent_at: new Date().toISOString(), sdk: { name: 'sentry.javascript.browser', version: '8.0.0' } })];
    for (const item of items) lines.push(JSON.stringify({ type: item.type }), JSON.stringify(item.payload));
    return fetch(`${this.relayUrl}/api/${this.projectId}/envelope/?sentry_key=${this.key?.publicKey}&sentry_version=7`, {
      method: 'POST', headers: { 'content-type': 'application/x-sentry-envelope' }, body: lines.join('\n'),
    });
  }

  /** Waits until the app's consumer group has committed everything on `topic` so far: what was on it has been fully processed. */
  async waitForConsumed(app: string, topic: string): Promise<void> {
    const group = this.consumerGroups.get(app);
    if (!group) throw new Error(`${app} is not a consumer of this run`);
    await waitFor(async () => (await groupLag(connection, group, topic)).every((p) => p.lag === 0), {
      timeoutMs: 60000, description: `${app} consumed ${topic}`,
    });
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
    for (const { app, dir } of this.services) {
      await stopApp(app, 'SIGKILL');
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
    await this.kill();
    await this.producer?.disconnect();
    if (this.schema) await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    await this.pool.end();
    rmSync(this.clickhouseDir, { recursive: true, force: true });
    rmSync(this.blobDir, { recursive: true, force: true });
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
