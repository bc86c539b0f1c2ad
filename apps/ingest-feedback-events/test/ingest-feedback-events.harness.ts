import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { SpamDetector } from '@issuestream/feedback';
import { adHocTopics, createProducer, provisionTopics, readTopic, type MessageProducer } from '@issuestream/kafka';
import { createCodec, type Outcomes } from '@issuestream/schemas';
import { TenantStore } from '@issuestream/storage';
import { testAppEnv, testStackEnv, uniqueName } from '@issuestream/testing';
// The feedback consumer's issues are created by ingest-occurrences, so the tests run that app too, in this process.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { IngestOccurrencesModule } from '../../ingest-occurrences/src/app.module';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { loadIngestOccurrencesConfig } from '../../ingest-occurrences/src/config';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { IngestResources } from '../../ingest-occurrences/src/ingest-resources';
import { IngestFeedbackModule } from '../src/app.module';
import { loadIngestFeedbackConfig } from '../src/config';

const stack = testStackEnv();
export const connection = { brokers: stack.kafkaBrokers, clientId: 'ingest-feedback-events-test' };
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

export interface TestProject {
  projectId: number;
  organizationId: number;
  organizationSlug: string;
}

/** Marks a message as spam when it contains this word (the test's stand-in for Seer). */
export const SPAM_WORD = 'spamspamspam';
const testSpamDetector: SpamDetector = { classify: (message) => (message.includes(SPAM_WORD) ? 'spam' : 'not_spam') };

/**
 * Both consumers in this process on their own topics and groups, against the
 * real stack: ingest-feedback-events produces occurrences to the topic that
 * ingest-occurrences consumes. Only ingest-occurrences opens ClickHouse
 * (chDB allows one data path per process); the feedback app gets its own
 * temporary path but never creates a ClickHouse client.
 */
export class FeedbackRun {
  readonly feedbackTopic = uniqueName('feedback');
  readonly occurrencesTopic = uniqueName('occurrences');
  readonly postProcessTopic = uniqueName('generic_events');
  readonly outcomesTopic = uniqueName('outcomes');
  private readonly occurrencesDir = mkdtempSync(path.join(tmpdir(), 'is-ch-occ-'));
  private readonly feedbackDir = mkdtempSync(path.join(tmpdir(), 'is-ch-fb-'));
  occurrencesApp?: INestApplication;
  feedbackApp?: INestApplication;
  resources?: IngestResources;
  raw?: MessageProducer;
  tenants?: TenantStore;
  main: TestProject = { projectId: 0, organizationId: 0, organizationSlug: '' };

  async start(): Promise<void> {
    await provisionTopics(connection, [this.feedbackTopic, this.occurrencesTopic, this.postProcessTopic, this.outcomesTopic].flatMap((t) => adHocTopics(t, 1)));
    await codec.registerAll();
    const common = {
      ...process.env,
      ...testAppEnv({ OCCURRENCES_TOPIC: this.occurrencesTopic, KAFKA_TOPIC_PARTITIONS: '1', HTTP_PORT: '0' }),
    };
    const occEnv = { ...common, CLICKHOUSE_PATH: this.occurrencesDir, KAFKA_GROUP_ID: uniqueName('occ_group'), POST_PROCESS_TOPIC: this.postProcessTopic };
    this.occurrencesApp = await NestFactory.create(IngestOccurrencesModule.create(loadIngestOccurrencesConfig(occEnv), occEnv), { logger: ['error'] });
    await this.occurrencesApp.listen(0, '127.0.0.1');
    this.resources = this.occurrencesApp.get(IngestResources);

    const fbEnv = { ...common, CLICKHOUSE_PATH: this.feedbackDir, KAFKA_GROUP_ID: uniqueName('fb_group'), FEEDBACK_TOPIC: this.feedbackTopic, OUTCOMES_TOPIC: this.outcomesTopic };
    this.feedbackApp = await NestFactory.create(IngestFeedbackModule.create(loadIngestFeedbackConfig(fbEnv), fbEnv, { spamDetector: testSpamDetector }), { logger: ['error'] });
    await this.feedbackApp.listen(0, '127.0.0.1');

    this.tenants = new TenantStore(this.resources.pool, { cacheTtlMs: 0 });
    this.main = await this.createProject();
    this.raw = await createProducer(connection);
  }

  async stop(): Promise<void> {
    await this.raw?.disconnect();
    await this.feedbackApp?.close();
    await this.occurrencesApp?.close();
    rmSync(this.occurrencesDir, { recursive: true, force: true });
    rmSync(this.feedbackDir, { recursive: true, force: true });
  }

  async createProject(): Promise<TestProject> {
    const org = await this.tenants!.createOrganization({ slug: uniqueName('org').replace(/_/g, '-') });
    const project = await this.tenants!.createProject({ organizationId: org.id, slug: 'app', platform: 'javascript' });
    return { projectId: project.id, organizationId: org.id, organizationSlug: org.slug };
  }

  /** The Avro wire record of one feedback event. */
  encodeFeedback(event: Record<string, unknown>, projectId: number): Promise<Buffer> {
    return codec.encode('ingest-feedback-events', {
      type: 'event',
      payload: Buffer.from(JSON.stringify(event)),
      start_time: Math.floor(Date.now() / 1000),
      event_id: String(event['event_id']),
      project_id: projectId,
      remote_addr: '127.0.0.1',
      attachments: [],
    });
  }

  async sendRaw(value: Buffer, key = 'feedback'): Promise<void> {
    await this.raw!.send(this.feedbackTopic, [{ key, value }]);
  }

  async groups(projectId = this.main.projectId): Promise<GroupRow[]> {
    const { rows } = await this.resources!.pool.query<GroupRow>(`SELECT * FROM groups WHERE project_id = $1 ORDER BY id`, [projectId]);
    return rows;
  }

  /** The user reports of a project, with the name of their environment. */
  async userReports(projectId = this.main.projectId): Promise<UserReportRow[]> {
    const { rows } = await this.resources!.pool.query<UserReportRow>(
      `SELECT r.event_id, r.group_id, r.name, r.email, r.comments, r.date_added, e.name AS environment, e.organization_id::int AS environment_organization_id
         FROM user_reports r LEFT JOIN environments e ON e.id = r.environment_id
        WHERE r.project_id = $1 ORDER BY r.id`,
      [projectId],
    );
    return rows;
  }

  async projectFlags(projectId = this.main.projectId): Promise<{ has_feedbacks: boolean; has_new_feedbacks: boolean } | undefined> {
    const { rows } = await this.resources!.pool.query<{ has_feedbacks: boolean; has_new_feedbacks: boolean }>(
      'SELECT has_feedbacks, has_new_feedbacks FROM projects WHERE id = $1',
      [projectId],
    );
    return rows[0];
  }

  /** The occurrence body ingest-occurrences stored (its evidence). */
  async storedOccurrence(occurrenceId: string): Promise<Record<string, unknown> | undefined> {
    const { rows } = await this.resources!.pool.query<{ data: Record<string, unknown> }>(`SELECT data FROM nodestore WHERE data->>'id' = $1`, [occurrenceId]);
    return rows[0]?.data;
  }

  /** Reads the outcomes topic until `count` outcomes match `predicate`. */
  async outcomes(predicate: (o: Outcomes.Outcome) => boolean, count = 1): Promise<Outcomes.Outcome[]> {
    const sample = await codec.encode('outcomes', { timestamp: new Date().toISOString(), outcome: 0 });
    await codec.decode('outcomes', sample);
    const decode = codec.recordDecoder('outcomes');
    const matching = (values: readonly { value: Buffer | null }[]) =>
      values
        .map((m) => decode(m.value ?? Buffer.alloc(0)))
        .filter((r): r is Outcomes.Outcome => !(r instanceof Promise) && predicate(r as Outcomes.Outcome));
    const messages = await readTopic(connection, this.outcomesTopic, { until: (m) => matching(m).length >= count });
    return matching(messages);
  }
}
