import type { INestApplication } from '@nestjs/common';
import { adHocTopics, provisionTopics, readTopic, type ReadMessage } from '@issuestream/kafka';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiTokenStore, type ApiScope } from '@issuestream/api-tokens-data';
import type { StoredEventAttachment } from '@issuestream/attachments-data';
import { contentAddressedKey } from '@issuestream/blob-store';
import { createGroups, eventNodeId, putNodes, recordErrorEvents } from '@issuestream/issues-data';
import { createCodec, type IngestOccurrences, type Outcomes } from '@issuestream/schemas';
import { buildDsn, TenantStore, withTransaction, type CreatedProjectKey } from '@issuestream/storage';
import { testAppEnv, testStackEnv, uniqueName, waitFor } from '@issuestream/testing';
import type { Pool } from 'pg';
import { createApiApp } from '../src/api-app';
import { ApiResources } from '../src/api-resources';
import { loadApiConfig } from '../src/config';

const stack = testStackEnv();
const connection = { brokers: stack.kafkaBrokers, clientId: 'api-test' };
const codec = createCodec({ registryUrl: stack.schemaRegistryUrl });

export interface ReportRow {
  project_id: string;
  group_id: string | null;
  event_id: string;
  name: string;
  email: string;
  comments: string;
  date_added: Date;
}

/** The api in this process on its own outcomes topic, with an organisation, two projects and a key each in the test database. */
export class ApiRun {
  readonly outcomesTopic = uniqueName('outcomes');
  readonly occurrencesTopic = uniqueName('occurrences');
  /** The api's filesystem blob store, a directory of this run's own. */
  readonly blobDir = mkdtempSync(path.join(tmpdir(), 'is-api-blobs-'));
  /** The api's embedded ClickHouse (chDB: one data directory per process, shared by every client in it). */
  readonly clickhouseDir = mkdtempSync(path.join(tmpdir(), 'is-ch-api-'));
  app?: INestApplication;
  tenants?: TenantStore;
  pool?: Pool;
  baseUrl = '';
  orgSlug = '';
  key?: CreatedProjectKey;
  otherKey?: CreatedProjectKey;

  async start(env: Record<string, string> = {}): Promise<void> {
    await provisionTopics(connection, adHocTopics(this.outcomesTopic, 1));
    await provisionTopics(connection, adHocTopics(this.occurrencesTopic, 1));
    await codec.registerAll();
    const fullEnv = {
      ...process.env, ...testAppEnv(), OUTCOMES_TOPIC: this.outcomesTopic, OCCURRENCES_TOPIC: this.occurrencesTopic, BLOB_STORE: 'fs', BLOB_STORE_PATH: this.blobDir,
      KAFKA_TOPIC_PARTITIONS: '1', HTTP_PORT: '0', ISSUE_STREAM_SOURCE: 'clickhouse', CLICKHOUSE_PATH: this.clickhouseDir, ...env,
    };
    this.app = await createApiApp(loadApiConfig(fullEnv), fullEnv, ['error']);
    await this.app.listen(0, '127.0.0.1');
    const address = this.app.getHttpServer().address() as { port: number };
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    this.pool = this.app.get(ApiResources).pool;
    this.tenants = new TenantStore(this.pool, { cacheTtlMs: 0 });
    this.orgSlug = uniqueName('org').replace(/_/g, '-');
    const org = await this.tenants.createOrganization({ slug: this.orgSlug });
    const project = await this.tenants.createProject({ organizationId: org.id, slug: 'web', platform: 'javascript' });
    const other = await this.tenants.createProject({ organizationId: org.id, slug: 'other', platform: 'javascript' });
    this.key = await this.tenants.createProjectKey({ projectId: project.id });
    this.otherKey = await this.tenants.createProjectKey({ projectId: other.id });
  }

  async stop(): Promise<void> {
    await this.app?.close();
    rmSync(this.blobDir, { recursive: true, force: true });
    rmSync(this.clickhouseDir, { recursive: true, force: true });
  }

  /** An organisation token's secret, for `Authorization: Bearer`. */
  async token(organizationId: number, scopes: ApiScope[]): Promise<string> {
    return (await new ApiTokenStore(this.pool!).create({ organizationId, scopes, label: 'api test' })).secret;
  }

  /** An attachment as ingest-attachments stores it: bytes in the blob store (content-addressed per project), a row. */
  async storeAttachment(projectId: number, eventId: string, file: { name: string; contentType: string; bytes: Buffer; type?: string }): Promise<StoredEventAttachment> {
    const { attachments, blobs } = this.app!.get(ApiResources);
    const sha1 = createHash('sha1').update(file.bytes).digest('hex');
    const blobKey = file.bytes.length === 0 ? null : contentAddressedKey(`attachments/p${projectId}`, sha1);
    if (blobKey !== null) await blobs.put(blobKey, file.bytes);
    const [written] = await attachments.insert([{
      projectId, eventId, attachmentId: randomUUID().replace(/-/g, ''), groupId: null, type: file.type ?? 'event.attachment', name: file.name,
      contentType: file.contentType, size: file.bytes.length, sha1, blobKey, dateAdded: new Date(),
    }]);
    if (written?.kind !== 'inserted') throw new Error(`attachment not stored: ${written?.kind}`);
    return written.attachment;
  }

  dsn(key: CreatedProjectKey = this.key!): string {
    return buildDsn({ publicKey: key.publicKey, projectId: key.projectId, host: 'ingest.example.com' });
  }

  request(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, init);
  }

  async reports(projectId: number): Promise<ReportRow[]> {
    const { rows } = await this.pool!.query<ReportRow>('SELECT project_id, group_id, event_id, name, email, comments, date_added FROM user_reports WHERE project_id = $1 ORDER BY id', [projectId]);
    return rows;
  }

  /**
   * An error event as the errors pipeline stores it: its issue, its
   * error_events row and its nodestore document. Returns the issue's id.
   */
  async storeErrorEvent(projectId: number, eventId: string, event: { occurredAt: Date; environment: string; document: Record<string, unknown> }): Promise<number> {
    return withTransaction(this.pool!, async (client) => {
      const { created } = await createGroups(client, [{
        projectId, type: 1, primaryHash: eventId, status: 0, substatus: 7, timesSeen: 1, firstSeen: event.occurredAt, lastSeen: event.occurredAt, level: 40,
        title: 'TypeError: x is undefined', culprit: 'checkout', message: 'x is undefined', priority: 75, platform: 'javascript', metadata: {},
      }]);
      const groupId = created[0]!.id;
      await recordErrorEvents(client, [{
        projectId, eventId, groupId, primaryHash: eventId, isNew: true, isRegression: false, isNewGroupEnvironment: true, occurredAt: event.occurredAt, environment: event.environment,
      }]);
      await putNodes(client, [{ id: eventNodeId(projectId, eventId), data: { event_id: eventId, ...event.document } }]);
      return groupId;
    });
  }

  /** Occurrences the api produced (shimmed user reports), read until `done` holds for them. */
  async occurrencesUntil(done: (occurrences: IngestOccurrences.Occurrence[]) => boolean): Promise<IngestOccurrences.Occurrence[]> {
    let seen = 0;
    return waitFor(
      async () => {
        const messages = await readTopic(connection, this.occurrencesTopic, { until: (all) => all.length > seen });
        seen = messages.length;
        const decoded = await Promise.all(messages.map(async (m) => (await codec.decode('ingest-occurrences', m.value!)).record as IngestOccurrences.Occurrence));
        return done(decoded) ? decoded : false;
      },
      { timeoutMs: 60000, description: 'occurrences from the api' },
    );
  }

  /** The project's outcomes, read again (one more each time) until `done` holds for them. */
  async outcomesUntil(projectId: number, done: (outcomes: Outcomes.Outcome[]) => boolean): Promise<Outcomes.Outcome[]> {
    const mine = (m: ReadMessage) => m.key?.toString() === String(projectId);
    let seen = 0;
    return waitFor(
      async () => {
        const messages = (await readTopic(connection, this.outcomesTopic, { until: (all) => all.filter(mine).length > seen })).filter(mine);
        seen = messages.length;
        const decoded = await Promise.all(messages.map(async (m) => (await codec.decode('outcomes', m.value!)).record as Outcomes.Outcome));
        return done(decoded) ? decoded : false;
      },
      { timeoutMs: 60000, description: `an outcome of project ${projectId}` },
    );
  }
}
