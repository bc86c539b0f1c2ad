import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encode as msgpack } from '@msgpack/msgpack';
import { errorEventMigrations, issueMigrations, setGroupStatuses, type ErrorRow } from '@issuestream/issues-data';
import { adHocTopics, createProducer, provisionTopics, readTopic, type MessageProducer, type ReadMessage } from '@issuestream/kafka';
import { createCodec, type Events, type Outcomes } from '@issuestream/schemas';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, tenantMigrations, TenantStore, withTransaction } from '@issuestream/storage';
import { startApp, stopApp, testAppEnv, testStackEnv, uniqueName, waitFor, waitForAppReady, type AppProcess } from '@issuestream/testing';
import type { Pool } from 'pg';

const stack = testStackEnv();
export const connection = { brokers: stack.kafkaBrokers, clientId: 'ingest-events-test' };
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
  metadata: Record<string, unknown>;
}

export const newEventId = () => randomUUID().replace(/-/g, '');

/** A Node SDK style exception event: `frames` are in-app function names, outermost first. */
export function exceptionEvent(eventId: string, options: { type?: string; value?: string; functions?: string[]; line?: number; environment?: string; extra?: Record<string, unknown> } = {}) {
  const { type = 'TypeError', value = 'x is undefined', functions = ['main', 'handle'], line = 10, environment = 'production' } = options;
  return {
    event_id: eventId,
    platform: 'node',
    level: 'error',
    environment,
    timestamp: Date.now() / 1000,
    exception: {
      values: [{
        type, value, mechanism: { type: 'generic', handled: true },
        stacktrace: { frames: functions.map((fn, i) => ({ function: fn, module: 'app', filename: '/srv/app.js', abs_path: '/srv/app.js', lineno: line + i, in_app: true })) },
      }],
    },
    sdk: { name: 'sentry.javascript.node', version: '10.0.0' },
    ...options.extra,
  };
}

/**
 * One isolated ingest-events process (a real OS process, so tests can
 * SIGKILL it) on its own topics, consumer group, port and chDB directory,
 * against the shared stack; rows are read from Postgres and from its HTTP API.
 */
export class EventsRun {
  readonly topic = uniqueName('ingest_events');
  readonly eventsTopic = uniqueName('events');
  readonly outcomesTopic = uniqueName('outcomes');
  readonly groupId = uniqueName('ingest_events_group');
  readonly httpPort = 20000 + Math.floor(Math.random() * 20000);
  readonly pool: Pool = createPgPool(stack.databaseUrl, { applicationName: 'ingest-events-test' });
  private readonly clickhouseDir = mkdtempSync(path.join(tmpdir(), 'is-errors-ch-'));
  private producer?: MessageProducer;
  app?: AppProcess;
  projectId = 0;
  organizationId = 0;

  async setUp(): Promise<void> {
    await provisionTopics(connection, [this.topic, this.eventsTopic, this.outcomesTopic].flatMap((t) => adHocTopics(t, 1)));
    await codec.registerAll();
    await migrate(this.pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    await migrate(this.pool, issueMigrations, { table: 'issue_migrations' });
    await migrate(this.pool, errorEventMigrations, { table: 'error_event_migrations' });
    const tenants = new TenantStore(this.pool, { cacheTtlMs: 0 });
    const org = await tenants.createOrganization({ slug: uniqueName('org').replace(/_/g, '-') });
    const project = await tenants.createProject({ organizationId: org.id, slug: 'app', platform: 'node' });
    this.organizationId = org.id;
    this.projectId = project.id;
    this.producer = await createProducer(connection);
  }

  async start(extraEnv: Record<string, string> = {}): Promise<AppProcess> {
    this.app = startApp('apps/ingest-events/src/main.ts', testAppEnv({
      KAFKA_GROUP_ID: this.groupId,
      EVENTS_INGEST_TOPIC: this.topic,
      EVENTSTREAM_TOPIC: this.eventsTopic,
      OUTCOMES_TOPIC: this.outcomesTopic,
      KAFKA_TOPIC_PARTITIONS: '1',
      CLICKHOUSE_PATH: this.clickhouseDir,
      HTTP_PORT: String(this.httpPort),
      KAFKA_RETRY_INITIAL_MS: '100',
      KAFKA_RETRY_MAX_MS: '1000',
      ...extraEnv,
    }));
    const app = this.app;
    await waitForAppReady(app, this.httpPort, 'ingest-events');
    return app;
  }

  async stop(): Promise<void> {
    await stopApp(this.app, 'SIGTERM');
  }

  async tearDown(): Promise<void> {
    await stopApp(this.app, 'SIGKILL');
    await this.producer?.disconnect();
    await this.pool.end();
    rmSync(this.clickhouseDir, { recursive: true, force: true });
  }

  /** The relay stand-in's form: Avro with the registry's framing. */
  async sendAvro(payload: unknown, options: { eventId?: string; projectId?: number } = {}): Promise<void> {
    const body = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
    const eventId = options.eventId ?? (payload as { event_id?: string }).event_id ?? newEventId();
    const value = await codec.encode('ingest-events', {
      type: 'event', payload: body, start_time: Math.floor(Date.now() / 1000), event_id: eventId, project_id: options.projectId ?? this.projectId, remote_addr: '10.0.0.1', attachments: [],
    });
    await this.producer!.send(this.topic, [{ key: Buffer.from(eventId.slice(0, 32).padEnd(32, '0'), 'hex'), value }]);
  }

  /** Relay's own form: a msgpack map with named keys, `type` first, the payload as bin. */
  async sendMsgpack(message: Record<string, unknown>): Promise<void> {
    await this.sendRaw([Buffer.from(msgpack(message))]);
  }

  relayMessage(payload: Record<string, unknown>): Record<string, unknown> {
    const eventId = String(payload['event_id']);
    return {
      type: 'event', payload: Buffer.from(JSON.stringify(payload)), start_time: Math.floor(Date.now() / 1000),
      event_id: eventId, project_id: this.projectId, remote_addr: '172.18.0.1', attachments: [],
    };
  }

  async sendRaw(values: Buffer[]): Promise<void> {
    await this.producer!.send(this.topic, values.map((value) => ({ key: null, value })));
  }

  async groups(): Promise<GroupRow[]> {
    const { rows } = await this.pool.query<GroupRow>(`SELECT * FROM groups WHERE project_id = $1 ORDER BY id`, [this.projectId]);
    return rows;
  }

  async storedEvents(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM error_events WHERE project_id = $1`, [this.projectId]);
    return rows[0]?.n ?? 0;
  }

  async waitForStored(count: number, timeoutMs = 60000): Promise<void> {
    await waitFor(async () => (await this.storedEvents()) >= count, { timeoutMs, description: `${count} stored events (output: ${this.app?.output().slice(-1500)})` });
  }

  async metric(name: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.httpPort}/metrics`)).text();
    return text.split('\n').filter((line) => line.startsWith(name)).reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }

  async errorRows(): Promise<ErrorRow[]> {
    const response = await fetch(`http://127.0.0.1:${this.httpPort}/errors?project_id=${this.projectId}&limit=1000`);
    return (await response.json()) as ErrorRow[];
  }

  async resolve(groupId: number): Promise<void> {
    await withTransaction(this.pool, (client) => setGroupStatuses(client, [{ id: groupId, status: 1, substatus: null }]));
  }

  async eventstream(count: number): Promise<Events.EventStreamInsert[]> {
    const messages = await readTopic(connection, this.eventsTopic, { until: (m) => m.length >= count, timeoutMs: 60000 });
    return decodeAll<Events.EventStreamInsert>('events', messages);
  }

  /** Reads the eventstream until an insert for `eventId` has arrived (keys are project ids, so the event id is searched in the bytes). */
  async eventstreamInsert(eventId: string): Promise<Events.EventStreamInsert | undefined> {
    const messages = await readTopic(connection, this.eventsTopic, { until: (m) => m.some((x) => x.value?.includes(eventId) ?? false), timeoutMs: 60000 });
    return (await decodeAll<Events.EventStreamInsert>('events', messages)).find((m) => m.payload.event_id === eventId);
  }

  /** Reads outcomes until `count` of them contain `text` (a reason or an event id) in their bytes. */
  /** Reads the eventstream until every one of `eventIds` has an insert (duplicates allowed: at least once). */
  async eventstreamCovers(eventIds: readonly string[]): Promise<void> {
    const missing = (m: readonly ReadMessage[]) => {
      const text = m.map((x) => x.value?.toString('latin1') ?? '').join('\n');
      return eventIds.filter((id) => !text.includes(id));
    };
    await readTopic(connection, this.eventsTopic, { until: (m) => missing(m).length === 0, timeoutMs: 60000 });
  }

  async outcomes(count: number, text = ''): Promise<Outcomes.Outcome[]> {
    const matching = (m: readonly ReadMessage[]) => m.filter((x) => x.value?.includes(text) ?? false).length >= count;
    const messages = await readTopic(connection, this.outcomesTopic, { until: matching, timeoutMs: 60000 });
    return decodeAll<Outcomes.Outcome>('outcomes', messages);
  }

  deadLetters(count: number): Promise<ReadMessage[]> {
    return readTopic(connection, `${this.topic}-dlq`, { until: (m) => m.length >= count, timeoutMs: 60000 });
  }
}

async function decodeAll<T>(topic: 'events' | 'outcomes', messages: readonly ReadMessage[]): Promise<T[]> {
  return Promise.all(messages.map(async (m) => (await codec.decode(topic, m.value ?? Buffer.alloc(0))).record as T));
}
