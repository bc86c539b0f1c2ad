import type { INestApplication } from '@nestjs/common';
import { feedbackIds } from '@issuestream/feedback';
import { createTestProject, encodeFeedbackRecord, keywordSpamDetector, type TestProject } from '@issuestream/feedback/testing';
import { adHocTopics, createProducer, provisionTopics, readTopic, startHybridApp, type MessageProducer, type ReadMessage } from '@issuestream/kafka';
import { createCodec, type IngestOccurrences, type Outcomes, type Topic, type TopicInput, type TopicRecord } from '@issuestream/schemas';
import { TenantStore } from '@issuestream/storage';
import { testAppEnv, testStackEnv, uniqueName } from '@issuestream/testing';
import type { Pool } from 'pg';
import { createIngestFeedbackApp } from '../src/app';
import { loadIngestFeedbackConfig } from '../src/config';
import { FeedbackResources } from '../src/feedback-resources';

const stack = testStackEnv();
export const connection = { brokers: stack.kafkaBrokers, clientId: 'ingest-feedback-events-test' };
export const codec = createCodec({ registryUrl: stack.schemaRegistryUrl });

export interface UserReportRow {
  event_id: string;
  group_id: string | null;
  name: string;
  email: string;
  comments: string;
  date_added: Date;
  environment: string | null;
  environment_organization_id: number | null;
}



/**
 * Reads a topic from its start until `done` holds for its decoded records, and
 * returns them. Encoding and decoding `sample` first caches the writer schema
 * the app encodes with, so every message decodes synchronously inside `until`.
 */
async function readRecords<T extends Topic>(topic: T, kafkaTopic: string, sample: TopicInput<T>, done: (records: TopicRecord<T>[]) => boolean): Promise<TopicRecord<T>[]> {
  await codec.decode(topic, await codec.encode(topic, sample));
  const decode = codec.recordDecoder(topic);
  const decodeAll = (messages: readonly ReadMessage[]) =>
    messages.map((m) => decode(m.value ?? Buffer.alloc(0))).filter((r): r is TopicRecord<T> => !(r instanceof Promise));
  return decodeAll(await readTopic(connection, kafkaTopic, { until: (messages) => done(decodeAll(messages)) }));
}

export const isOccurrence = (m: IngestOccurrences.IngestOccurrencesMessage): m is IngestOccurrences.Occurrence => m.payload_type === 'occurrence';
export const isStatusChange = (m: IngestOccurrences.IngestOccurrencesMessage): m is IngestOccurrences.StatusChange => m.payload_type === 'status_change';

/**
 * The feedback consumer alone, in this process, on its own topics and group
 * against the real stack (Kafka, registry, Postgres). Its outputs are what the
 * tests read: the occurrences and status changes it produces (decoded with
 * the codec), its outcomes, and the user reports and project flags it writes.
 * Turning those occurrences into issues is ingest-occurrences' job, tested
 * there and, the two together, in apps/e2e.
 */
export class FeedbackRun {
  readonly feedbackTopic = uniqueName('feedback');
  readonly occurrencesTopic = uniqueName('occurrences');
  readonly outcomesTopic = uniqueName('outcomes');
  app?: INestApplication;
  pool?: Pool;
  raw?: MessageProducer;
  tenants?: TenantStore;
  main: TestProject = { projectId: 0, organizationId: 0, organizationSlug: '' };

  async start(): Promise<void> {
    await provisionTopics(connection, [this.feedbackTopic, this.occurrencesTopic, this.outcomesTopic].flatMap((t) => adHocTopics(t, 1)));
    await codec.registerAll();
    const env = {
      ...process.env,
      ...testAppEnv({
        KAFKA_GROUP_ID: uniqueName('fb_group'),
        FEEDBACK_TOPIC: this.feedbackTopic,
        OCCURRENCES_TOPIC: this.occurrencesTopic,
        OUTCOMES_TOPIC: this.outcomesTopic,
        // One partition everywhere: what is sent first is produced first, which the barriers rely on.
        KAFKA_TOPIC_PARTITIONS: '1',
        HTTP_PORT: '0',
      }),
    };
    this.app = await createIngestFeedbackApp(loadIngestFeedbackConfig(env), env, { spamDetector: keywordSpamDetector }, { logger: ['error'] });
    await startHybridApp(this.app, 0, '127.0.0.1');
    this.pool = this.app.get(FeedbackResources).pool;
    this.tenants = new TenantStore(this.pool, { cacheTtlMs: 0 });
    this.main = await this.createProject();
    this.raw = await createProducer(connection);
  }

  async stop(): Promise<void> {
    await this.raw?.disconnect();
    await this.app?.close();
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

  /** Reads the occurrences topic (occurrences and status changes) until `done` holds; returns everything read. */
  produced(done: (messages: IngestOccurrences.IngestOccurrencesMessage[]) => boolean): Promise<IngestOccurrences.IngestOccurrencesMessage[]> {
    const sample = { id: '0'.repeat(32), project_id: 0, fingerprint: ['sample'], new_status: 0, payload_type: 'status_change' } satisfies IngestOccurrences.StatusChangeInput;
    return readRecords('ingest-occurrences', this.occurrencesTopic, sample, done);
  }

  /** Waits for the occurrence of one feedback (its id is derived from project and event id); returns every one with that id. */
  async occurrencesOf(projectId: number, eventId: string, count = 1): Promise<IngestOccurrences.Occurrence[]> {
    const { occurrenceId } = feedbackIds(projectId, eventId);
    const ofFeedback = (messages: IngestOccurrences.IngestOccurrencesMessage[]) => messages.filter(isOccurrence).filter((o) => o.id === occurrenceId);
    return ofFeedback(await this.produced((messages) => ofFeedback(messages).length >= count));
  }

  /** The user reports of a project, with the name of their environment. */
  async userReports(projectId = this.main.projectId): Promise<UserReportRow[]> {
    const { rows } = await this.pool!.query<UserReportRow>(
      `SELECT r.event_id, r.group_id, r.name, r.email, r.comments, r.date_added, e.name AS environment, e.organization_id::int AS environment_organization_id
         FROM user_reports r LEFT JOIN environments e ON e.id = r.environment_id
        WHERE r.project_id = $1 ORDER BY r.id`,
      [projectId],
    );
    return rows;
  }

  async projectFlags(projectId = this.main.projectId): Promise<{ has_feedbacks: boolean; has_new_feedbacks: boolean } | undefined> {
    const { rows } = await this.pool!.query<{ has_feedbacks: boolean; has_new_feedbacks: boolean }>(
      'SELECT has_feedbacks, has_new_feedbacks FROM projects WHERE id = $1',
      [projectId],
    );
    return rows[0];
  }

  /** Reads the outcomes topic until `count` outcomes match `predicate`. */
  async outcomes(predicate: (o: Outcomes.Outcome) => boolean, count = 1): Promise<Outcomes.Outcome[]> {
    const records = await readRecords('outcomes', this.outcomesTopic, { timestamp: new Date().toISOString(), outcome: 0 }, (all) => all.filter(predicate).length >= count);
    return records.filter(predicate);
  }
}
