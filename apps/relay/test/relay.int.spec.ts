import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { readTopic, type ReadMessage } from '@issuestream/kafka';
import { codec, connection, RelayRun } from './relay.harness';

jest.setTimeout(120000);

let run: RelayRun;
beforeAll(async () => {
  run = new RelayRun();
  await run.start();
});
afterAll(() => run.stop());

const hex = () => randomUUID().replace(/-/g, '');
const keyOf = (id: string) => (m: ReadMessage) => m.key?.equals(Buffer.from(id, 'hex')) ?? false;

function feedbackEnvelope(eventId: string, message = 'the button does nothing'): string {
  const header = JSON.stringify({ event_id: eventId, sent_at: new Date().toISOString(), sdk: { name: 'sentry.javascript.browser', version: '8.0.0' } });
  const payload = JSON.stringify({
    type: 'feedback', event_id: eventId, timestamp: Date.now() / 1000, level: 'info', platform: 'javascript',
    contexts: { feedback: { message, contact_email: 'a@example.com', name: 'A', source: 'widget', url: 'https://example.com/' } },
  });
  return `${header}\n{"type":"feedback"}\n${payload}`;
}

const envelopePath = () => `/api/${run.projectId}/envelope/`;
const withKey = (key = run.key!.publicKey) => `${envelopePath()}?sentry_key=${key}&sentry_version=7&sentry_client=sentry.javascript.browser%2F8.0.0`;

/**
 * Sends a valid feedback envelope after the rejected one and reads the
 * (single-partition) topic up to it: if the rejected id is not there by then, it never reached Kafka.
 */
async function expectNothingProducedFor(rejectedId: string, topic = run.feedbackTopic): Promise<void> {
  const sentinel = hex();
  expect((await run.post(withKey(), feedbackEnvelope(sentinel))).status).toBe(200);
  const all = await run.readUntil(topic, keyOf(sentinel));
  expect(all.filter(keyOf(sentinel))).toHaveLength(1);
  expect(all.filter(keyOf(rejectedId))).toHaveLength(0);
}

describe('relay (real Kafka, registry, Postgres, Redis)', () => {
  it('turns a browser feedback envelope into an event message on ingest-feedback-events', async () => {
    const eventId = hex();
    const response = await run.post(withKey(), feedbackEnvelope(eventId), { origin: 'https://example.com' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: eventId });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://example.com');
    const [message] = await run.read(run.feedbackTopic, 1, keyOf(eventId));
    expect(message!.key).toHaveLength(16);
    const { record } = await codec.decode('ingest-feedback-events', message!.value!);
    expect(record).toMatchObject({ type: 'event', event_id: eventId, project_id: run.projectId, attachments: [] });
    expect(Math.abs(record.start_time - Date.now() / 1000)).toBeLessThan(120);
    const payload = JSON.parse(record.payload.toString('utf8'));
    expect(payload).toMatchObject({ type: 'feedback', event_id: eventId, contexts: { feedback: { message: 'the button does nothing' } } });
  });

  it('accepts gzip bodies with X-Sentry-Auth, normalising a dashed event id, and inlines a screenshot', async () => {
    const dashed = randomUUID().toUpperCase();
    const eventId = dashed.replace(/-/g, '').toLowerCase();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0a, 0x00, 0x0a]);
    const body = Buffer.concat([
      Buffer.from(feedbackEnvelope(dashed).replace(`"event_id":"${dashed}"`, `"event_id":"${dashed}"`)),
      Buffer.from(`\n{"type":"attachment","length":${png.length},"filename":"screenshot.png","content_type":"application/png"}\n`),
      png,
    ]);
    const response = await run.post(envelopePath(), gzipSync(body), {
      'content-encoding': 'gzip',
      'x-sentry-auth': `Sentry sentry_key=${run.key!.publicKey}, sentry_version=7, sentry_client=test/1.0`,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: eventId });
    const [feedback] = await run.read(run.feedbackTopic, 1, keyOf(eventId));
    expect((await codec.decode('ingest-feedback-events', feedback!.value!)).record.event_id).toBe(eventId);
    const [attachment] = await run.read(run.attachmentsTopic, 1, keyOf(eventId));
    const { record } = await codec.decode('ingest-attachments', attachment!.value!);
    expect(record).toMatchObject({ type: 'attachment', event_id: eventId, project_id: run.projectId, attachment: { name: 'screenshot.png', content_type: 'application/png', attachment_type: 'event.attachment', size: png.length, chunks: null } });
    expect((record as { attachment: { data: Buffer } }).attachment.data.equals(png)).toBe(true);
  });

  it('routes an error event to ingest-events, and with an attachment to ingest-attachments with chunks first', async () => {
    const plain = hex();
    expect((await run.post(withKey(), `{"event_id":"${plain}"}\n{"type":"event"}\n{"message":"boom"}\n`)).status).toBe(200);
    const [event] = await run.read(run.eventsTopic, 1, keyOf(plain));
    expect((await codec.decode('ingest-events', event!.value!)).record).toMatchObject({ type: 'event', event_id: plain, attachments: [] });

    const withAttachment = hex();
    const body = `{"event_id":"${withAttachment}"}\n{"type":"event"}\n{"message":"boom"}\n{"type":"attachment","length":3,"filename":"log.txt"}\nabc`;
    expect((await run.post(withKey(), body)).status).toBe(200);
    const messages = await run.read(run.attachmentsTopic, 2, keyOf(withAttachment));
    const decoded = await Promise.all(messages.map(async (m) => (await codec.decode('ingest-attachments', m.value!)).record));
    expect(decoded.map((r) => r.type)).toEqual(['attachment_chunk', 'event']);
    const chunk = decoded[0] as { payload: Buffer; id: string; chunk_index: number };
    expect(chunk.payload.toString()).toBe('abc');
    expect(chunk.chunk_index).toBe(0);
    expect(decoded[1]).toMatchObject({ event_id: withAttachment, attachments: [{ id: chunk.id, name: 'log.txt', chunks: 1, size: 3 }] });
  });

  it('accepts a store request and an envelope authenticated only by its header dsn', async () => {
    const stored = hex();
    const store = await run.post(`/api/${run.projectId}/store/?sentry_key=${run.key!.publicKey}`, JSON.stringify({ event_id: stored, message: 'via store' }), { 'content-type': 'application/json' });
    expect(store.status).toBe(200);
    expect(await store.json()).toEqual({ id: stored });
    const [event] = await run.read(run.eventsTopic, 1, keyOf(stored));
    expect((await codec.decode('ingest-events', event!.value!)).record).toMatchObject({ event_id: stored, project_id: run.projectId });

    const tunneled = hex();
    const dsn = `http://${run.key!.publicKey}@relay.example.com/${run.projectId}`;
    const body = feedbackEnvelope(tunneled).replace('{"event_id"', `{"dsn":"${dsn}","event_id"`);
    expect((await run.post(envelopePath(), body)).status).toBe(200);
    await run.read(run.feedbackTopic, 1, keyOf(tunneled));
    const mismatch = await run.post(`/api/${run.otherProjectId}/envelope/`, body);
    expect(mismatch.status).toBe(400);
  });

  it('answers CORS preflight and accepts sessions-only envelopes with an empty body', async () => {
    const preflight = await fetch(`${run.baseUrl}${envelopePath()}`, { method: 'OPTIONS', headers: { origin: 'https://example.com', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-sentry-auth');
    expect(preflight.headers.get('access-control-max-age')).toBe('3600');
    const sessions = await run.post(withKey(), `{}\n{"type":"session"}\n{"sid":"${hex()}","status":"ok"}`);
    expect(sessions.status).toBe(200);
    expect(await sessions.json()).toEqual({});
  });

  it('refuses missing, unknown, ambiguous and foreign keys without producing', async () => {
    const id = hex();
    const body = feedbackEnvelope(id);
    const inactive = await run.newKey();
    await run.tenants!.deactivateKey(inactive.publicKey);
    const cases: [string, Record<string, string>, number][] = [
      [envelopePath(), {}, 401],
      [withKey('f'.repeat(32)), {}, 403],
      [withKey(run.otherKey!.publicKey), {}, 403],
      [withKey(), { 'x-sentry-auth': `Sentry sentry_key=${run.key!.publicKey}` }, 401],
      [withKey('short'), {}, 400],
      [withKey(inactive.publicKey), {}, 403],
      [`${withKey()}&sentry_version=8`.replace('sentry_version=7&', ''), {}, 400],
    ];
    for (const [path, headers, status] of cases) {
      const response = await run.post(path, body, headers);
      expect({ path, status: response.status }).toEqual({ path, status });
      expect(typeof ((await response.json()) as { detail: unknown }).detail).toBe('string');
    }
    await expectNothingProducedFor(id);
    const metrics = await (await fetch(`${run.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/issuestream_relay_rejections_total\{status="401",reason="missing_auth"\} [1-9]/);
    expect(metrics).toMatch(/issuestream_relay_rejections_total\{status="403",reason="auth_mismatch"\} [1-9]/);
  });

  it('refuses malformed envelopes with 400 and oversized ones with 413, without producing', async () => {
    const id = hex();
    const good = feedbackEnvelope(id);
    const [header, , payload] = good.split('\n');
    const bodies: [string, string, number][] = [
      ['bad length', `${header}\n{"type":"feedback","length":${payload!.length + 50}}\n${payload}`, 400],
      ['missing newline', `${header}\n{"type":"feedback","length":${payload!.length - 1}}\n${payload}`, 400],
      ['invalid JSON header', `{"event_id":"${id}"\n{"type":"feedback"}\n${payload}`, 400],
      ['oversized feedback', feedbackEnvelope(id, 'x'.repeat(1024 * 1024 + 1)), 413],
      ['two event-like items', `${good}\n{"type":"event"}\n{}`, 413],
    ];
    for (const [what, body, status] of bodies) {
      const response = await run.post(withKey(), body);
      expect({ what, status: response.status }).toEqual({ what, status });
      expect(typeof ((await response.json()) as { detail: unknown }).detail).toBe('string');
    }
    await expectNothingProducedFor(id);
  });

  it('rate limits a key per window with 429, Retry-After and X-Sentry-Rate-Limits', async () => {
    const key = await run.newKey({ count: 2, windowSeconds: 3600 });
    const path = withKey(key.publicKey);
    expect((await run.post(path, feedbackEnvelope(hex()))).status).toBe(200);
    expect((await run.post(path, feedbackEnvelope(hex()))).status).toBe(200);
    const limited = hex();
    const response = await run.post(path, feedbackEnvelope(limited));
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(response.headers.get('x-sentry-rate-limits')).toBe(`${retryAfter}::key:key_quota`);
    expect(((await response.json()) as { detail: string }).detail).toContain('quota');
    await expectNothingProducedFor(limited);
    const [outcome] = await readTopic(connection, run.outcomesTopic, { until: (m) => m.length >= 1 });
    const record = (await codec.decode('outcomes', outcome!.value!)).record;
    expect(record).toMatchObject({ outcome: 2, reason: 'key_quota', event_id: limited, category: 14, source: 'relay' });
  });
});
