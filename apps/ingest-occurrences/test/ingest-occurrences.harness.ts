import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createOccurrenceProducer, createDefaultRegistry, defaultGroupTypeRegistry, type OccurrenceProducer } from '@issuestream/issue-platform';
import { adHocTopics, createProducer, provisionTopics, readTopic, startHybridApp, type MessageProducer } from '@issuestream/kafka';
import { createCodec } from '@issuestream/schemas';
import { TenantStore } from '@issuestream/storage';
import { getNodes, listSearchIssues, type SearchIssueRow } from '@issuestream/issues-data';
import { testAppEnv, testStackEnv, uniqueName } from '@issuestream/testing';
import { createIngestOccurrencesApp } from '../src/app';
import { loadIngestOccurrencesConfig } from '../src/config';
import { IngestResources } from '../src/ingest-resources';

const stack = testStackEnv();
export const connection = { brokers: stack.kafkaBrokers, clientId: 'ingest-occurrences-test' };
export const codec = createCodec({ registryUrl: stack.schemaRegistryUrl });

export interface GroupRow {
  id: string;
  type: number;
  status: number;
  substatus: number | null;
  times_seen: string;
  level: number | null;
  title: string;
  culprit: string;
  priority: number | null;
  metadata: Record<string, unknown>;
}

/**
 * The real consumer app, in this process (so the test can read its embedded
 * ClickHouse), on its own topics and consumer group, against the real stack.
 */
export class IngestRun {
  readonly topic = uniqueName('occurrences');
  readonly postProcessTopic = uniqueName('generic_events');
  readonly groupId = uniqueName('ingest_group');
  private readonly clickhouseDir = mkdtempSync(path.join(tmpdir(), 'is-ch-'));
  app?: INestApplication;
  resources?: IngestResources;
  raw?: MessageProducer;
  producer?: OccurrenceProducer;
  tenants?: TenantStore;
  projectId = 0;
  organizationId = 0;

  async start(): Promise<void> {
    await provisionTopics(connection, [...adHocTopics(this.topic, 1), ...adHocTopics(this.postProcessTopic, 1)]);
    await codec.registerAll();
    const env = {
      ...process.env,
      ...testAppEnv({
        CLICKHOUSE_PATH: this.clickhouseDir,
        KAFKA_GROUP_ID: this.groupId,
        OCCURRENCES_TOPIC: this.topic,
        POST_PROCESS_TOPIC: this.postProcessTopic,
        // The tests rely on one partition for ordering; the app grows renamed topics to this count.
        KAFKA_TOPIC_PARTITIONS: '1',
        HTTP_PORT: '0',
      }),
    };
    const config = loadIngestOccurrencesConfig(env);
    this.app = await createIngestOccurrencesApp(config, env, { logger: ['error'] });
    await startHybridApp(this.app, 0, '127.0.0.1');
    this.resources = this.app.get(IngestResources);
    this.tenants = new TenantStore(this.resources.pool, { cacheTtlMs: 0 });
    const org = await this.tenants.createOrganization({ slug: uniqueName('org').replace(/_/g, '-') });
    const project = await this.tenants.createProject({ organizationId: org.id, slug: 'app', platform: 'other' });
    this.organizationId = org.id;
    this.projectId = project.id;
    this.raw = await createProducer(connection);
    this.producer = createOccurrenceProducer({ producer: this.raw, codec, registry: defaultGroupTypeRegistry, topic: this.topic });
  }

  async stop(): Promise<void> {
    await this.raw?.disconnect();
    await this.app?.close();
    rmSync(this.clickhouseDir, { recursive: true, force: true });
  }

  async sendJson(value: unknown, key = 'json'): Promise<void> {
    await this.raw!.send(this.topic, [{ key, value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)) }]);
  }

  async groups(): Promise<GroupRow[]> {
    const { rows } = await this.resources!.pool.query<GroupRow>(`SELECT * FROM groups WHERE project_id = $1 ORDER BY id`, [this.projectId]);
    return rows;
  }

  /** nodestore documents by node id (absent ids are missing from the map). */
  nodes(ids: readonly string[]): Promise<Map<string, unknown>> {
    return getNodes(this.resources!.pool, ids);
  }

  async occurrenceCount(): Promise<number> {
    const { rows } = await this.resources!.pool.query(`SELECT count(*)::int AS n FROM issue_occurrences WHERE project_id = $1`, [this.projectId]);
    return rows[0].n as number;
  }

  searchIssues(): Promise<SearchIssueRow[]> {
    return listSearchIssues(this.resources!.clickhouse, { projectIds: [this.projectId] });
  }

  deadLetters(count: number) {
    return readTopic(connection, `${this.topic}-dlq`, { until: (m) => m.length >= count });
  }

  /** Reads the post-process topic until `count` hand-offs of one group type have arrived. */
  async handoffsOfType(typeId: number, count: number) {
    // Prime the decoder so every hand-off (same writer schema) decodes synchronously inside `until`.
    const sample = await codec.encode('generic-events', { occurrence_id: 'x', project_id: 0, group_id: 0, type_id: 0, is_new: false, is_regression: false, group_state: { status: 0 }, received: 0 });
    await codec.decode('generic-events', sample);
    const decode = codec.recordDecoder('generic-events');
    const ofType = (values: readonly { value: Buffer | null }[]) =>
      values.map((m) => decode(m.value ?? Buffer.alloc(0))).filter((r): r is Exclude<typeof r, Promise<unknown>> => !(r instanceof Promise) && r.type_id === typeId);
    const messages = await readTopic(connection, this.postProcessTopic, { until: (m) => ofType(m).length >= count });
    return ofType(messages);
  }
}

export { createDefaultRegistry };
