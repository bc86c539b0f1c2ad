import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EVENT_ATTACHMENT_MIGRATIONS_TABLE, eventAttachmentMigrations, type StoredEventAttachment } from '@issuestream/attachments-data';
import { EventAttachmentStore } from '@issuestream/attachments-data';
import { FsBlobStore } from '@issuestream/blob-store';
import { errorEventMigrations, issueMigrations } from '@issuestream/issues-data';
import { adHocTopics, createProducer, provisionTopics, readTopic, type MessageProducer, type ReadMessage } from '@issuestream/kafka';
import { createCodec, type IngestAttachments, type Outcomes } from '@issuestream/schemas';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, tenantMigrations, TenantStore } from '@issuestream/storage';
import { freePort, startApp, stopApp, testAppEnv, testStackEnv, uniqueName, waitFor, waitForAppReady, type AppProcess } from '@issuestream/testing';
import { USER_REPORT_MIGRATIONS_TABLE, userReportMigrations } from '@issuestream/user-reports-data';
import type { Pool } from 'pg';

const stack = testStackEnv();
export const connection = { brokers: stack.kafkaBrokers, clientId: 'ingest-attachments-test' };
export const codec = createCodec({ registryUrl: stack.schemaRegistryUrl });
export const MiB = 1024 * 1024;

export const newId = () => randomUUID().replace(/-/g, '');

/** Relay's key for every message of an envelope: the event UUID's 16 bytes. */
export const eventKey = (eventId: string) => Buffer.from(eventId, 'hex');

/** The chunks Relay cuts an attachment into, in index order. */
export function chunksOf(data: Buffer, size = MiB): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; at += size) chunks.push(data.subarray(at, at + size));
  return chunks;
}

/**
 * One ingest-attachments process on its own topics (with the Relay topics'
 * 10 MB message limit), consumer group, port, chDB and blob directories,
 * against the shared stack.
 */
export class AttachmentsRun {
  readonly topic = uniqueName('ingest_attachments');
  readonly eventsTopic = uniqueName('events');
  readonly outcomesTopic = uniqueName('outcomes');
  readonly occurrencesTopic = uniqueName('occurrences');
  readonly groupId = uniqueName('ingest_attachments_group');
  readonly pool: Pool = createPgPool(stack.databaseUrl, { applicationName: 'ingest-attachments-test' });
  readonly blobDir = mkdtempSync(path.join(tmpdir(), 'is-attachments-blobs-'));
  readonly blobs = new FsBlobStore(this.blobDir);
  readonly attachments = new EventAttachmentStore(this.pool);
  private readonly clickhouseDir = mkdtempSync(path.join(tmpdir(), 'is-attachments-ch-'));
  private producer?: MessageProducer;
  tenants!: TenantStore;
  httpPort = 0;
  app?: AppProcess;
  projectId = 0;
  organizationId = 0;

  async setUp(): Promise<void> {
    const relayLimits = { 'max.message.bytes': '10000000' };
    const topics = [this.topic, this.eventsTopic, this.outcomesTopic, this.occurrencesTopic].flatMap((t) => adHocTopics(t, 1));
    await provisionTopics(connection, topics.map((t) => ({ ...t, configs: { ...t.configs, ...relayLimits } })));
    await codec.registerAll();
    await migrate(this.pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    await migrate(this.pool, issueMigrations, { table: 'issue_migrations' });
    await migrate(this.pool, errorEventMigrations, { table: 'error_event_migrations' });
    await migrate(this.pool, userReportMigrations, { table: USER_REPORT_MIGRATIONS_TABLE });
    await migrate(this.pool, eventAttachmentMigrations, { table: EVENT_ATTACHMENT_MIGRATIONS_TABLE });
    this.tenants = new TenantStore(this.pool, { cacheTtlMs: 0 });
    const org = await this.tenants.createOrganization({ slug: uniqueName('org').replace(/_/g, '-') });
    const project = await this.tenants.createProject({ organizationId: org.id, slug: 'app', platform: 'javascript' });
    this.organizationId = org.id;
    this.projectId = project.id;
    this.producer = await createProducer(connection);
  }

  async start(extraEnv: Record<string, string> = {}, nodeArgs: readonly string[] = []): Promise<AppProcess> {
    this.httpPort = await freePort();
    this.app = startApp('apps/ingest-attachments/src/main.ts', testAppEnv({
      KAFKA_GROUP_ID: this.groupId,
      ATTACHMENTS_INGEST_TOPIC: this.topic,
      EVENTSTREAM_TOPIC: this.eventsTopic,
      OUTCOMES_TOPIC: this.outcomesTopic,
      OCCURRENCES_TOPIC: this.occurrencesTopic,
      KAFKA_TOPIC_PARTITIONS: '1',
      CLICKHOUSE_PATH: this.clickhouseDir,
      BLOB_STORE: 'fs',
      BLOB_STORE_PATH: this.blobDir,
      HTTP_PORT: String(this.httpPort),
      KAFKA_RETRY_INITIAL_MS: '100',
      KAFKA_RETRY_MAX_MS: '1000',
      ...extraEnv,
    }), { nodeArgs });
    const app = this.app;
    await waitForAppReady(app, this.httpPort, 'ingest-attachments');
    return app;
  }

  async tearDown(): Promise<void> {
    await stopApp(this.app, 'SIGKILL');
    await this.producer?.disconnect();
    await this.pool.end();
    rmSync(this.clickhouseDir, { recursive: true, force: true });
    rmSync(this.blobDir, { recursive: true, force: true });
  }

  /** Avro messages as the relay stand-in produces them, all keyed by the event id. */
  async send(eventId: string, records: readonly IngestAttachments.IngestAttachmentsMessageInput[]): Promise<void> {
    const values = await Promise.all(records.map((r) => codec.encode('ingest-attachments', r)));
    await this.producer!.send(this.topic, values.map((value) => ({ key: eventKey(eventId), value })));
  }

  async sendRaw(eventId: string | null, values: readonly Buffer[]): Promise<void> {
    await this.producer!.send(this.topic, values.map((value) => ({ key: eventId ? eventKey(eventId) : null, value })));
  }

  chunk(eventId: string, attachmentId: string, index: number, payload: Buffer, projectId = this.projectId): IngestAttachments.IngestAttachmentsMessageInput {
    return { type: 'attachment_chunk', payload, event_id: eventId, project_id: projectId, id: attachmentId, chunk_index: index };
  }

  attachment(eventId: string, info: IngestAttachments.AttachmentInfoInput, projectId = this.projectId): IngestAttachments.IngestAttachmentsMessageInput {
    return { type: 'attachment', event_id: eventId, project_id: projectId, attachment: info };
  }

  /** A standalone attachment as Relay sends it: inline below the chunk size, else chunks first. */
  standalone(eventId: string, data: Buffer, info: Partial<IngestAttachments.AttachmentInfoInput> = {}): IngestAttachments.IngestAttachmentsMessageInput[] {
    const id = info.id ?? randomUUID();
    const base = { id, name: 'screenshot.png', content_type: 'image/png', attachment_type: 'event.attachment', size: data.length, ...info };
    if (data.length > 0 && data.length < MiB) return [this.attachment(eventId, { ...base, data })];
    const chunks = chunksOf(data).map((payload, i) => this.chunk(eventId, id, i, payload));
    return [...chunks, this.attachment(eventId, { ...base, chunks: chunks.length })];
  }

  async rows(eventId: string): Promise<StoredEventAttachment[]> {
    return this.attachments.listByEvent(this.projectId, eventId);
  }

  async waitForRows(eventId: string, count: number): Promise<StoredEventAttachment[]> {
    return waitFor(async () => {
      const rows = await this.rows(eventId);
      return rows.length >= count ? rows : undefined;
    }, { timeoutMs: 60000, description: `${count} attachment rows of ${eventId} (output: ${this.app?.output().slice(-1500)})` });
  }

  async blob(key: string | null): Promise<Buffer> {
    if (key === null) return Buffer.alloc(0);
    return readFileSync(path.join(this.blobDir, key));
  }

  /** Reads outcomes until `count` of them contain `text` (an event id or reason) in their bytes; returns those. */
  async outcomes(count: number, text: string): Promise<Outcomes.Outcome[]> {
    const matching = (m: readonly ReadMessage[]) => m.filter((x) => x.value?.includes(text) ?? false);
    const messages = await readTopic(connection, this.outcomesTopic, { until: (m) => matching(m).length >= count, timeoutMs: 60000 });
    return Promise.all(matching(messages).map(async (m) => (await codec.decode('outcomes', m.value ?? Buffer.alloc(0))).record as Outcomes.Outcome));
  }

  /** Reads the occurrences topic until one contains `text` in its bytes; returns those decoded. */
  async occurrences(text: string): Promise<unknown[]> {
    const matching = (m: readonly ReadMessage[]) => m.filter((x) => x.value?.includes(text) ?? false);
    const messages = await readTopic(connection, this.occurrencesTopic, { until: (m) => matching(m).length >= 1, timeoutMs: 60000 });
    return Promise.all(matching(messages).map(async (m) => (await codec.decode('ingest-occurrences', m.value ?? Buffer.alloc(0))).record));
  }

  async deadLetters(count: number, text: string): Promise<ReadMessage[]> {
    const matching = (m: readonly ReadMessage[]) => m.filter((x) => JSON.stringify(x.headers).includes(text) || (x.value?.includes(text) ?? false));
    return matching(await readTopic(connection, `${this.topic}-dlq`, { until: (m) => matching(m).length >= count, timeoutMs: 60000 }));
  }

  /** A marker message at the end of the topic: once its row exists, every earlier message has been handled. */
  async drain(): Promise<void> {
    const eventId = newId();
    await this.send(eventId, this.standalone(eventId, Buffer.from('marker')));
    await this.waitForRows(eventId, 1);
  }

  async metric(name: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.httpPort}/metrics`)).text();
    return text.split('\n').filter((line) => line.startsWith(name)).reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }
}
