import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestProject, type TestProject } from '@issuestream/feedback/testing';
import { adHocTopics, provisionTopics } from '@issuestream/kafka';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, TenantStore, tenantMigrations } from '@issuestream/storage';
import { freePort, startApp, testAppEnv, testStackEnv, uniqueName, waitFor, type AppProcess } from '@issuestream/testing';
import type { Pool } from 'pg';
import { OtlpReceiver, type ReceivedSpan } from './otlp-receiver';

jest.setTimeout(180_000);

// The relay and both consumers as separate processes, each exporting its
// spans over OTLP/HTTP to a receiver inside this test: one feedback must
// leave one trace across both Kafka hops.

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

const stack = testStackEnv();
const topics = {
  feedback: uniqueName('otel_feedback'),
  occurrences: uniqueName('otel_occurrences'),
  outcomes: uniqueName('otel_outcomes'),
  postProcess: uniqueName('otel_generic'),
  attachments: uniqueName('otel_attachments'),
  events: uniqueName('otel_events'),
};
const receiver = new OtlpReceiver();
const clickhouseDir = mkdtempSync(path.join(tmpdir(), 'is-ch-otel-'));
const apps: AppProcess[] = [];
let pool: Pool;
let project: TestProject;
let relayPort: number;
let publicKey: string;
let relayEnv: Record<string, string>;

async function startReady(name: string, entry: string, port: number, env: Record<string, string>): Promise<AppProcess> {
  const app = startApp(entry, env);
  apps.push(app);
  const died = app.exited.then((code) => Promise.reject(new Error(`${name} exited (${code}):\n${app.output().slice(-3000)}`)));
  const ready = waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, { timeoutMs: 120_000, intervalMs: 250, description: `${name} ready on ${port}` });
  await Promise.race([ready, died]);
  return app;
}

beforeAll(async () => {
  const endpoint = await receiver.start();
  await provisionTopics({ brokers: stack.kafkaBrokers, clientId: 'e2e-otel' }, Object.values(topics).flatMap((t) => adHocTopics(t, 1)));
  const otel = {
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    // Export within a fraction of a second instead of the default 5 s.
    OTEL_BSP_SCHEDULE_DELAY: '100',
    KAFKA_TOPIC_PARTITIONS: '1',
  };
  const [feedbackPort, occurrencesPort] = [await freePort(), await freePort()];
  relayPort = await freePort();
  await Promise.all([
    startReady('ingest-occurrences', 'apps/ingest-occurrences/src/main.ts', occurrencesPort, testAppEnv({
      ...otel, HTTP_PORT: String(occurrencesPort), KAFKA_GROUP_ID: uniqueName('otel_occ'), OCCURRENCES_TOPIC: topics.occurrences,
      POST_PROCESS_TOPIC: topics.postProcess, CLICKHOUSE_PATH: clickhouseDir,
    })),
    startReady('ingest-feedback-events', 'apps/ingest-feedback-events/src/main.ts', feedbackPort, testAppEnv({
      ...otel, HTTP_PORT: String(feedbackPort), KAFKA_GROUP_ID: uniqueName('otel_fb'), FEEDBACK_TOPIC: topics.feedback,
      OCCURRENCES_TOPIC: topics.occurrences, OUTCOMES_TOPIC: topics.outcomes,
    })),
    startReady('relay', 'apps/relay/src/main.ts', relayPort, (relayEnv = testAppEnv({
      ...otel, RELAY_PORT: String(relayPort), FEEDBACK_TOPIC: topics.feedback, ATTACHMENTS_TOPIC: topics.attachments,
      EVENTS_TOPIC: topics.events, OUTCOMES_TOPIC: topics.outcomes,
    }))),
  ]);
  pool = createPgPool(stack.databaseUrl, { applicationName: 'e2e-otel' });
  await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
  const tenants = new TenantStore(pool, { cacheTtlMs: 0 });
  project = await createTestProject(tenants);
  publicKey = (await tenants.createProjectKey({ projectId: project.projectId })).publicKey;
});

afterAll(async () => {
  apps.forEach((app) => app.kill('SIGTERM'));
  await Promise.all(apps.map((app) => app.exited));
  await pool?.end();
  await receiver.stop();
  rmSync(clickhouseDir, { recursive: true, force: true });
});

function feedbackEnvelope(message: string): string {
  const eventId = randomUUID().replace(/-/g, '');
  const now = new Date().toISOString();
  const event = { type: 'feedback', event_id: eventId, timestamp: now, platform: 'javascript', level: 'info', contexts: { feedback: { message, source: 'widget' } } };
  return [JSON.stringify({ event_id: eventId, sent_at: now }), JSON.stringify({ type: 'feedback' }), JSON.stringify(event), ''].join('\n');
}

function postFeedback(headers: Record<string, string> = {}, port = relayPort): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/api/${project.projectId}/envelope/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-sentry-envelope', 'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${publicKey}, sentry_client=otel-test/1.0`, ...headers },
    body: feedbackEnvelope(`Tracing works ${randomUUID().slice(0, 6)}`),
  });
}

const one = (spans: ReceivedSpan[], service: string, name: string): ReceivedSpan | undefined => spans.find((s) => s.service === service && s.name === name);

describe('OpenTelemetry export across the feedback pipeline', () => {
  it('one feedback through the relay is one trace: relay → ingest-feedback-events → ingest-occurrences, parent to child across both Kafka hops', async () => {
    const response = await postFeedback();
    expect(response.status).toBe(200);

    const chain = await waitFor(() => {
      const request = receiver.spans.find((s) => s.service === 'relay' && s.kind === SERVER && s.parentSpanId === '');
      if (!request) return undefined;
      const trace = receiver.spans.filter((s) => s.traceId === request.traceId);
      const spans = {
        request,
        relaySend: one(trace, 'relay', `send ${topics.feedback}`),
        feedbackProcess: one(trace, 'ingest-feedback-events', `process ${topics.feedback}`),
        occurrenceSend: one(trace, 'ingest-feedback-events', `send ${topics.occurrences}`),
        occurrenceProcess: one(trace, 'ingest-occurrences', `process ${topics.occurrences}`),
      };
      return Object.values(spans).every(Boolean) ? (spans as Record<keyof typeof spans, ReceivedSpan>) : undefined;
    }, { timeoutMs: 60_000, description: `the five spans of one trace (received: ${receiver.spans.length})` });

    expect(new Set(Object.values(chain).map((s) => s.traceId)).size).toBe(1);
    expect(new Set(Object.values(chain).map((s) => s.service))).toEqual(new Set(['relay', 'ingest-feedback-events', 'ingest-occurrences']));
    expect(chain.request).toMatchObject({ parentSpanId: '', name: 'POST /api/{project_id}/envelope/' });
    expect(chain.request.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.response.status_code': 200 });
    // Parent → child, each hop named by the span it continues.
    expect(chain.relaySend.parentSpanId).toBe(chain.request.spanId);
    expect(chain.feedbackProcess.parentSpanId).toBe(chain.relaySend.spanId);
    expect(chain.occurrenceSend.parentSpanId).toBe(chain.feedbackProcess.spanId);
    expect(chain.occurrenceProcess.parentSpanId).toBe(chain.occurrenceSend.spanId);

    expect(chain.relaySend).toMatchObject({
      kind: PRODUCER,
      attributes: { 'messaging.system': 'kafka', 'messaging.operation.type': 'send', 'messaging.destination.name': topics.feedback, 'messaging.batch.message_count': 1 },
    });
    expect(chain.feedbackProcess).toMatchObject({
      kind: CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': topics.feedback,
        'messaging.destination.partition.id': '0',
        'messaging.kafka.destination.partition': 0,
        'messaging.kafka.offset': 0,
        'messaging.batch.message_count': 1,
      },
    });
    expect(chain.feedbackProcess.attributes['messaging.consumer.group.name']).toMatch(/^otel_fb_/);
    expect(chain.occurrenceProcess).toMatchObject({ kind: CONSUMER, attributes: { 'messaging.destination.name': topics.occurrences, 'messaging.batch.message_count': 1 } });
  });

  it('continues the trace of a client that sends a W3C traceparent', async () => {
    const traceId = randomUUID().replace(/-/g, '');
    const clientSpanId = randomUUID().replace(/-/g, '').slice(0, 16);
    expect((await postFeedback({ traceparent: `00-${traceId}-${clientSpanId}-01` })).status).toBe(200);
    const spans = await waitFor(() => {
      const trace = receiver.spans.filter((s) => s.traceId === traceId);
      return trace.some((s) => s.service === 'ingest-occurrences') ? trace : undefined;
    }, { timeoutMs: 60_000, description: `the spans of trace ${traceId} down to ingest-occurrences` });
    expect(spans.find((s) => s.kind === SERVER)?.parentSpanId).toBe(clientSpanId);
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['relay', 'ingest-feedback-events', 'ingest-occurrences']));
  });

  it('sends the spans still queued when an app is stopped', async () => {
    const port = await freePort();
    // A schedule far beyond the test: only the shutdown flush can deliver the span.
    const relay = await startReady('relay (slow export)', 'apps/relay/src/main.ts', port, { ...relayEnv, RELAY_PORT: String(port), OTEL_BSP_SCHEDULE_DELAY: '600000', OTEL_SERVICE_NAME: 'relay-slow-export' });
    expect((await postFeedback({}, port)).status).toBe(200);
    expect(receiver.spans.filter((s) => s.service === 'relay-slow-export')).toEqual([]);
    relay.kill('SIGTERM');
    expect(await relay.exited).toBe(0);
    expect(receiver.spans.filter((s) => s.service === 'relay-slow-export').map((s) => s.kind).sort()).toEqual([SERVER, PRODUCER].sort());
  });
});
