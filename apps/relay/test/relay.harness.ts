import type { INestApplication } from '@nestjs/common';
import { adHocTopics, provisionTopics, readTopic, type ReadMessage } from '@issuestream/kafka';
import { createCodec } from '@issuestream/schemas';
import { TenantStore, type CreatedProjectKey, type RateLimit } from '@issuestream/storage';
import { testAppEnv, testStackEnv, uniqueName } from '@issuestream/testing';
import { loadRelayConfig } from '../src/config';
import { createRelayApp } from '../src/relay-app';
import { RelayResources } from '../src/relay-resources';

const stack = testStackEnv();
export const connection = { brokers: stack.kafkaBrokers, clientId: 'relay-test' };
export const codec = createCodec({ registryUrl: stack.schemaRegistryUrl });

/** The relay in this process on its own topics, with an organisation, two projects and keys in the test database. */
export class RelayRun {
  readonly feedbackTopic = uniqueName('feedback');
  readonly outcomesTopic = uniqueName('outcomes');
  readonly attachmentsTopic = uniqueName('attachments');
  readonly eventsTopic = uniqueName('events');
  app?: INestApplication;
  tenants?: TenantStore;
  baseUrl = '';
  projectId = 0;
  otherProjectId = 0;
  key?: CreatedProjectKey;
  otherKey?: CreatedProjectKey;

  async start(): Promise<void> {
    await provisionTopics(connection, [this.feedbackTopic, this.attachmentsTopic, this.eventsTopic, this.outcomesTopic].flatMap((t) => adHocTopics(t, 1)));
    await codec.registerAll();
    const env = {
      ...process.env,
      ...testAppEnv(),
      FEEDBACK_TOPIC: this.feedbackTopic,
      ATTACHMENTS_TOPIC: this.attachmentsTopic,
      EVENTS_TOPIC: this.eventsTopic,
      OUTCOMES_TOPIC: this.outcomesTopic,
      KAFKA_TOPIC_PARTITIONS: '1',
      TENANT_CACHE_TTL_MS: '0',
      RELAY_PORT: '0',
      HTTP_HOST: '127.0.0.1',
    };
    const config = loadRelayConfig(env);
    this.app = await createRelayApp(config, env, ['error']);
    await this.app.listen(0, '127.0.0.1');
    const address = this.app.getHttpServer().address() as { port: number };
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    this.tenants = new TenantStore(this.app.get(RelayResources).pool, { cacheTtlMs: 0 });
    const org = await this.tenants.createOrganization({ slug: uniqueName('org').replace(/_/g, '-') });
    const project = await this.tenants.createProject({ organizationId: org.id, slug: 'web', platform: 'javascript' });
    const other = await this.tenants.createProject({ organizationId: org.id, slug: 'other', platform: 'javascript' });
    this.projectId = project.id;
    this.otherProjectId = other.id;
    this.key = await this.tenants.createProjectKey({ projectId: project.id });
    this.otherKey = await this.tenants.createProjectKey({ projectId: other.id });
  }

  async stop(): Promise<void> {
    await this.app?.close();
  }

  newKey(rateLimit: RateLimit | null = null): Promise<CreatedProjectKey> {
    return this.tenants!.createProjectKey({ projectId: this.projectId, rateLimit });
  }

  post(path: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/x-sentry-envelope', ...headers } });
  }

  /** Reads a topic until `count` messages matching `match` arrived. */
  async read(topic: string, count: number, match: (m: ReadMessage) => boolean = () => true): Promise<ReadMessage[]> {
    const messages = await readTopic(connection, topic, { until: (all) => all.filter(match).length >= count });
    return messages.filter(match);
  }

  /** Everything on a topic up to (and including) the first message matching `last`. */
  readUntil(topic: string, last: (m: ReadMessage) => boolean): Promise<ReadMessage[]> {
    return readTopic(connection, topic, { until: (all) => all.some(last) });
  }
}
