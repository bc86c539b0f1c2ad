import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import * as Sentry from '@sentry/node';
import { feedbackIds } from '@issuestream/feedback';
import { createTestProject, encodeFeedbackRecord, keywordSpamDetector, type TestProject } from '@issuestream/feedback/testing';
import { createIngestFeedbackApp, loadIngestFeedbackConfig } from '@issuestream/ingest-feedback-events';
import { createIngestOccurrencesApp, IngestResources, loadIngestOccurrencesConfig } from '@issuestream/ingest-occurrences';
import { adHocTopics, createProducer, provisionTopics, startHybridApp, type MessageProducer } from '@issuestream/kafka';
import { createRelayApp, loadRelayConfig } from '@issuestream/relay';
import { createCodec } from '@issuestream/schemas';
import { TenantStore } from '@issuestream/storage';
import { listSearchIssues, type SearchIssueRow } from '@issuestream/issues-data';
import { testAppEnv, testStackEnv, uniqueName, waitFor } from '@issuestream/testing';

const stack = testStackEnv();
export const connection = { brokers: stack.kafkaBrokers, clientId: 'e2e-test' };
export const codec = createCodec({ registryUrl: stack.schemaRegistryUrl });

export interface GroupRow {
  id: string;
  type: number;
  status: number;
  substatus: number | null;
  times_seen: string;
  title: string;
  culprit: string;
  metadata: Record<string, unknown>;
}



/**
 * The feedback pipeline in this process, on its own topics and groups, against
 * the real stack: ingest-feedback-events produces occurrences to the topic
 * that ingest-occurrences consumes, which creates the issues. Only
 * ingest-occurrences opens ClickHouse (chDB allows one data path per process),
 * in a temporary directory. Tests that also need the relay start it on
 * `feedbackTopic`.
 */
export class FeedbackPipeline {
  readonly feedbackTopic = uniqueName('feedback');
  readonly occurrencesTopic = uniqueName('occurrences');
  readonly postProcessTopic = uniqueName('generic_events');
  readonly outcomesTopic = uniqueName('outcomes');
  private readonly clickhouseDir = mkdtempSync(path.join(tmpdir(), 'is-ch-e2e-'));
  occurrencesApp?: INestApplication;
  feedbackApp?: INestApplication;
  resources?: IngestResources;
  raw?: MessageProducer;
  tenants?: TenantStore;
  main: TestProject = { projectId: 0, organizationId: 0, organizationSlug: '' };

  /** `databaseUrl`: instead of the test database's default schema (e.g. one with its own search_path). */
  constructor(private readonly options: { databaseUrl?: string } = {}) {}

  async start(): Promise<void> {
    await provisionTopics(connection, [this.feedbackTopic, this.occurrencesTopic, this.postProcessTopic, this.outcomesTopic].flatMap((t) => adHocTopics(t, 1)));
    await codec.registerAll();
    const common = {
      ...process.env,
      ...testAppEnv({
        OCCURRENCES_TOPIC: this.occurrencesTopic, KAFKA_TOPIC_PARTITIONS: '1', HTTP_PORT: '0',
        ...(this.options.databaseUrl ? { DATABASE_URL: this.options.databaseUrl } : {}),
      }),
    };
    const occEnv = { ...common, CLICKHOUSE_PATH: this.clickhouseDir, KAFKA_GROUP_ID: uniqueName('occ_group'), POST_PROCESS_TOPIC: this.postProcessTopic };
    this.occurrencesApp = await createIngestOccurrencesApp(loadIngestOccurrencesConfig(occEnv), occEnv, { logger: ['error'] });
    await startHybridApp(this.occurrencesApp, 0, '127.0.0.1');
    this.resources = this.occurrencesApp.get(IngestResources);

    const fbEnv = { ...common, KAFKA_GROUP_ID: uniqueName('fb_group'), FEEDBACK_TOPIC: this.feedbackTopic, OUTCOMES_TOPIC: this.outcomesTopic };
    this.feedbackApp = await createIngestFeedbackApp(loadIngestFeedbackConfig(fbEnv), fbEnv, { spamDetector: keywordSpamDetector }, { logger: ['error'] });
    await startHybridApp(this.feedbackApp, 0, '127.0.0.1');

    this.tenants = new TenantStore(this.resources.pool, { cacheTtlMs: 0 });
    this.main = await this.createProject();
    this.raw = await createProducer(connection);
  }

  async stop(): Promise<void> {
    await this.raw?.disconnect();
    await this.feedbackApp?.close();
    await this.occurrencesApp?.close();
    rmSync(this.clickhouseDir, { recursive: true, force: true });
  }

  createProject(): Promise<TestProject> {
    return createTestProject(this.tenants!);
  }

  /** The Avro wire record of one feedback event. */
  encodeFeedback(event: Record<string, unknown>, projectId: number): Promise<Buffer> {
    return encodeFeedbackRecord(codec, event, projectId);
  }

  async sendRaw(value: Buffer, key = 'feedback'): Promise<void> {
    await this.raw!.send(this.feedbackTopic, [{ key, value }]);
  }

  async groups(projectId = this.main.projectId): Promise<GroupRow[]> {
    const { rows } = await this.resources!.pool.query<GroupRow>(`SELECT * FROM groups WHERE project_id = $1 ORDER BY id`, [projectId]);
    return rows;
  }

  /** The occurrence body ingest-occurrences stored (its evidence). */
  async storedOccurrence(occurrenceId: string): Promise<Record<string, unknown> | undefined> {
    const { rows } = await this.resources!.pool.query<{ data: Record<string, unknown> }>(`SELECT data::json AS data FROM nodestore WHERE data::json->>'id' = $1`, [occurrenceId]);
    return rows[0]?.data;
  }

  /** Waits for the issue of one feedback (occurrence id and fingerprint derive from project and event id): its group and stored occurrence. */
  async issueOf(eventId: string, projectId = this.main.projectId): Promise<{ group: GroupRow; occurrence: Record<string, unknown> }> {
    const { occurrenceId } = feedbackIds(projectId, eventId);
    const occurrence = await waitFor(() => this.storedOccurrence(occurrenceId), { description: `the occurrence of feedback ${eventId}` });
    const { rows } = await this.resources!.pool.query<{ group_id: string }>(`SELECT group_id FROM issue_occurrences WHERE id = $1`, [occurrenceId]);
    const group = (await this.groups(projectId)).find((g) => g.id === rows[0]?.group_id);
    if (!group) throw new Error(`no group for the occurrence of feedback ${eventId}`);
    return { group, occurrence };
  }

  /** The ClickHouse search rows of the project's feedback issues. */
  feedbackSearchRows(projectId = this.main.projectId): Promise<SearchIssueRow[]> {
    return listSearchIssues(this.resources!.clickhouse, { projectIds: [projectId], type: 6001, limit: 1000 });
  }
}

/**
 * The relay in this process, in front of the run's feedback and outcomes
 * topics (attachments and events go to fresh topics nobody reads), and the
 * Sentry SDK sending to it with a key of the run's main project.
 */
export async function startRelayWithSdk(run: FeedbackPipeline, appEnv: Record<string, string>): Promise<INestApplication> {
  const [attachments, events] = [uniqueName('attachments'), uniqueName('events')];
  await provisionTopics(connection, [attachments, events].flatMap((t) => adHocTopics(t, 1)));
  const env = {
    ...process.env,
    ...appEnv,
    FEEDBACK_TOPIC: run.feedbackTopic,
    ATTACHMENTS_TOPIC: attachments,
    EVENTS_TOPIC: events,
    OUTCOMES_TOPIC: run.outcomesTopic,
    KAFKA_TOPIC_PARTITIONS: '1',
    TENANT_CACHE_TTL_MS: '0',
    RELAY_PORT: '0',
    HTTP_HOST: '127.0.0.1',
  };
  const relay = await createRelayApp(loadRelayConfig(env), env, ['error']);
  await relay.listen(0, '127.0.0.1');
  const key = await run.tenants!.createProjectKey({ projectId: run.main.projectId });
  const port = new URL(await relay.getUrl()).port;
  Sentry.init({ dsn: `http://${key.publicKey}@127.0.0.1:${port}/${run.main.projectId}`, defaultIntegrations: false, skipOpenTelemetrySetup: true, environment: 'e2e' });
  return relay;
}
