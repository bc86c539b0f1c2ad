import { Inject, Injectable } from '@nestjs/common';
import {
  checkDsnProject, DEFAULT_LIMITS, EnvelopeError, extractAuth, MAX_EVENT_SIZE, normalizeUuid, parseEnvelope, parseProjectId, peekEnvelopeHeader,
  type Envelope, type EnvelopeLimits,
} from '@issuestream/envelopes';
import type { ProjectKey } from '@issuestream/storage';
import { randomUUID } from 'node:crypto';
import zlib from 'node:zlib';
import type { RelayConfig } from './config';
import { items, outcomes, produced } from './metrics';
import { FixedWindowRateLimiter } from './rate-limiter';
import { feedbackOutcome, Outcome } from '@issuestream/feedback';
import { RelayResources } from './relay-resources';
import { envelopeSightings, sdkIdentity } from '@issuestream/sdk-heartbeat';
import { planRoutes, type LogicalTopic } from './router';

export const RELAY_CONFIG = Symbol('relay-config');

export interface IncomingRequest {
  readonly projectIdText: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
  readonly remoteAddr: string | null;
}

export interface RelayAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Record<string, string>;
  /** Set for refusals: the metric label. */
  readonly reason?: string;
}

/** Authentication, key checks, rate limits, routing and producing for one request. */
@Injectable()
export class RelayService {
  private readonly limiter: FixedWindowRateLimiter;
  private readonly limits: EnvelopeLimits;
  private readonly keyReads = new Map<string, Promise<ProjectKey | undefined>>();

  constructor(
    private readonly resources: RelayResources,
    @Inject(RELAY_CONFIG) private readonly config: RelayConfig,
  ) {
    this.limiter = new FixedWindowRateLimiter(resources.redis);
    this.limits = { ...DEFAULT_LIMITS, maxEnvelopeSize: config.RELAY_MAX_ENVELOPE_SIZE };
  }

  async envelope(req: IncomingRequest): Promise<RelayAnswer> {
    const projectId = parseProjectId(req.projectIdText);
    if (req.body.length === 0) throw new EnvelopeError(400, 'empty_body', 'empty request body');
    const auth = extractAuth({ headers: req.headers, query: req.query, envelopeDsn: peekEnvelopeHeader(req.body)?.['dsn'] });
    checkDsnProject(auth, projectId);
    const key = await this.checkKey(auth.publicKey, projectId);
    const envelope = parseEnvelope(req.body, { limits: this.limits });
    this.recordHeartbeat(envelope, projectId, auth.client);
    return this.accept(envelope, key, projectId, req.remoteAddr);
  }

  async store(req: IncomingRequest): Promise<RelayAnswer> {
    const contentType = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType === 'application/x-sentry-envelope') return this.envelope(req);
    const projectId = parseProjectId(req.projectIdText);
    if (req.body.length === 0) throw new EnvelopeError(400, 'empty_body', 'empty request body');
    const auth = extractAuth({ headers: req.headers, query: req.query });
    const key = await this.checkKey(auth.publicKey, projectId);
    if (req.body.length > MAX_EVENT_SIZE) throw new EnvelopeError(413, 'too_large', "envelope exceeded size limits for type 'event'");
    const event = decodeStoreBody(req.body);
    const eventId = normalizeUuid(event['event_id']) ?? randomUUID().replace(/-/g, '');
    const type = event['type'] === 'transaction' ? 'transaction' : 'event';
    const payload = Buffer.from(JSON.stringify({ ...event, event_id: eventId }), 'utf8');
    const envelope: Envelope = { headers: { event_id: eventId }, items: [{ type, headers: { type }, payload }], eventId };
    this.resources.heartbeats.record(projectId, sdkIdentity(event['sdk'], auth.client), envelopeSightings({}, envelope.items));
    return this.accept(envelope, key, projectId, req.remoteAddr);
  }

  /**
   * Every authenticated, well-formed envelope is a heartbeat, including ones
   * the rate limit refuses next: the SDK is connected either way. In memory
   * only; the recorder flushes to Redis on its own timer.
   */
  private recordHeartbeat(envelope: Envelope, projectId: number, authClient: string | undefined): void {
    if (envelope.items.length === 0) return;
    this.resources.heartbeats.record(projectId, sdkIdentity(envelope.headers['sdk'], authClient), envelopeSightings(envelope.headers, envelope.items));
  }

  private async checkKey(publicKey: string, projectId: number): Promise<ProjectKey> {
    const key = await this.lookUpKey(publicKey);
    if (!key) throw new EnvelopeError(403, 'invalid_auth', 'event submission rejected with_reason: ProjectId (unknown public key)');
    if (!key.isActive) throw new EnvelopeError(403, 'invalid_auth', 'event submission rejected with_reason: DisabledKey');
    if (key.projectId !== projectId) throw new EnvelopeError(403, 'auth_mismatch', 'event submission rejected with_reason: ProjectId (key belongs to another project)');
    return key;
  }

  /**
   * The key from the tenant cache; concurrent requests for a key the cache
   * does not hold (first use, or just expired) share one Postgres read instead
   * of each sending their own.
   */
  private lookUpKey(publicKey: string): Promise<ProjectKey | undefined> {
    const pending = this.keyReads.get(publicKey);
    if (pending) return pending;
    const read = this.resources.tenants.getProjectKey(publicKey).finally(() => this.keyReads.delete(publicKey));
    this.keyReads.set(publicKey, read);
    return read;
  }

  private async accept(envelope: Envelope, key: ProjectKey, projectId: number, remoteAddr: string | null): Promise<RelayAnswer> {
    const ok: RelayAnswer = { status: 200, body: envelope.eventId ? { id: envelope.eventId } : {} };
    // An empty envelope is discarded with a 200 and does not count against the limit.
    if (envelope.items.length === 0) return ok;
    const limit = key.rateLimit ?? (this.config.RELAY_RATE_LIMIT_COUNT > 0 ? { count: this.config.RELAY_RATE_LIMIT_COUNT, windowSeconds: this.config.RELAY_RATE_LIMIT_WINDOW_SECONDS } : null);
    if (limit) {
      const decision = await this.limiter.hit(key.id, limit);
      if (!decision.allowed) {
        for (const item of envelope.items) items.inc({ type: item.type, outcome: 'rate_limited' });
        await this.recordRateLimited(envelope, projectId);
        return {
          status: 429,
          reason: 'rate_limited',
          body: { detail: 'event submission rejected with_reason: key quota exceeded' },
          headers: { 'Retry-After': String(decision.retryAfter), 'X-Sentry-Rate-Limits': `${decision.retryAfter}::key:key_quota` },
        };
      }
    }
    const plan = planRoutes(envelope, { projectId, startTime: Math.floor(Date.now() / 1000), remoteAddr, chunkSize: this.config.RELAY_ATTACHMENT_CHUNK_SIZE });
    await this.produce(plan.messages);
    for (const outcome of plan.outcomes) items.inc({ type: outcome.type, outcome: outcome.outcome });
    return ok;
  }

  /** Feedback refused by the rate limit still gets an outcome, so per-project counts stay complete. */
  private async recordRateLimited(envelope: Envelope, projectId: number): Promise<void> {
    const feedbackItems = envelope.items.filter((item) => item.type === 'feedback');
    if (feedbackItems.length === 0) return;
    const project = await this.resources.tenants.getProject(projectId);
    const records = await Promise.all(
      feedbackItems.map(() =>
        this.resources.codec.encode(
          'outcomes',
          feedbackOutcome({ at: new Date(), orgId: project?.organizationId ?? null, projectId, outcome: Outcome.RATE_LIMITED, reason: 'key_quota', eventId: envelope.eventId ?? null, source: 'relay' }),
        ),
      ),
    );
    await this.resources.producer.send(this.config.OUTCOMES_TOPIC, records.map((value) => ({ key: String(projectId), value })));
    outcomes.inc({ project_id: String(projectId), outcome: 'rate_limited', reason: 'key_quota' }, records.length);
  }

  /** Encodes and sends in plan order (runs of one topic per request), resolving once every message is acknowledged. */
  private async produce(messages: ReturnType<typeof planRoutes>['messages']): Promise<void> {
    const topicName: Record<LogicalTopic, string> = {
      'ingest-feedback-events': this.config.FEEDBACK_TOPIC,
      'ingest-attachments': this.config.ATTACHMENTS_TOPIC,
      'ingest-events': this.config.EVENTS_TOPIC,
    };
    const encoded = await Promise.all(
      messages.map(async (m) => ({ topic: m.topic, key: m.key, value: await this.resources.codec.encode(m.topic, m.record as never) })),
    );
    try {
      let at = 0;
      while (at < encoded.length) {
        const topic = encoded[at]?.topic as LogicalTopic;
        const run: { key: Buffer | null; value: Buffer }[] = [];
        while (at < encoded.length && encoded[at]?.topic === topic) {
          const { key, value } = encoded[at] as { key: Buffer | null; value: Buffer };
          run.push({ key, value });
          at += 1;
        }
        await this.resources.producer.send(topicName[topic], run);
        produced.inc({ topic }, run.length);
      }
    } catch (error) {
      throw new EnvelopeQueueError(error);
    }
  }
}

/** Producing failed: answered with 503 so the SDK retries. */
export class EnvelopeQueueError extends Error {
  constructor(override readonly cause: unknown) {
    super('failed to queue envelope');
  }
}

/** A store body: JSON, or base64 of (optionally zlib-compressed) JSON. */
export function decodeStoreBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  let json = text;
  if (!text.startsWith('{')) {
    const raw = Buffer.from(text, 'base64');
    try {
      json = zlib.inflateSync(raw, { maxOutputLength: MAX_EVENT_SIZE }).toString('utf8');
    } catch {
      json = raw.toString('utf8');
    }
  }
  try {
    const value: unknown = JSON.parse(json);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new EnvelopeError(400, 'invalid_json', 'invalid event payload: not a JSON object');
}
