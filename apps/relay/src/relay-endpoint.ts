import { Inject, Injectable } from '@nestjs/common';
import { EnvelopeError } from '@issuestream/envelopes';
import { createLogger } from '@issuestream/observability';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { decodeBody, readRawBody } from './body';
import type { RelayConfig } from './config';
import { corsHeaders } from './cors';
import { rejections } from './metrics';
import { EnvelopeQueueError, RELAY_CONFIG, RelayService, type RelayAnswer } from './relay.service';
import { inRequestSpan } from './request-span';

const log = createLogger('relay');
const STORE_BODY_LIMIT = 1024 * 1024;
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export type EndpointKind = 'envelope' | 'store';

/** A POST to `/api/:projectId/envelope/` or `/store/`, however it was routed. */
export interface EndpointRequest {
  readonly kind: EndpointKind;
  readonly projectIdText: string;
  readonly headers: IncomingHttpHeaders;
  /** Parsed query string (arrays for repeated names, as Fastify gives it). */
  readonly query: unknown;
  readonly remoteAddr: string | null;
  /** The request body, not yet read. */
  readonly body: Readable;
}

/** Status, lower-case header names (as Fastify writes them) and the JSON body text. */
export interface EndpointResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

function firstValues(query: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(query ?? {})) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[name] = first;
  }
  return out;
}

/**
 * The envelope and store endpoints from raw request to complete response: the
 * body is read (no body parser runs), limited and decompressed, handed to
 * RelayService, and refusals are counted and mapped to their answers.
 */
@Injectable()
export class RelayEndpoint {
  constructor(
    private readonly relay: RelayService,
    @Inject(RELAY_CONFIG) private readonly config: RelayConfig,
  ) {}

  respond(req: EndpointRequest): Promise<EndpointResponse> {
    return inRequestSpan(req.kind, req.headers, () => this.answer(req));
  }

  private async answer(req: EndpointRequest): Promise<EndpointResponse> {
    let answer: RelayAnswer;
    try {
      answer = await this.run(req);
    } catch (error) {
      answer = toAnswer(error);
    }
    if (answer.status !== 200) rejections.inc({ status: String(answer.status), reason: answer.reason ?? 'unknown' });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries({ ...corsHeaders(req.headers.origin), ...answer.headers, ...refusalHeaders(answer) })) headers[name.toLowerCase()] = value;
    headers['content-type'] = JSON_CONTENT_TYPE;
    return { status: answer.status, headers, body: JSON.stringify(answer.body) };
  }

  private async run(req: EndpointRequest): Promise<RelayAnswer> {
    const limit = req.kind === 'envelope' || isEnvelopeContentType(req.headers) ? this.config.RELAY_MAX_ENVELOPE_SIZE : STORE_BODY_LIMIT;
    const raw = await readRawBody(req.body, limit);
    const body = await decodeBody(raw, req.headers['content-encoding'], limit);
    const incoming = { projectIdText: req.projectIdText, headers: req.headers, query: firstValues(req.query), body, remoteAddr: req.remoteAddr };
    return req.kind === 'envelope' ? this.relay.envelope(incoming) : this.relay.store(incoming);
  }
}

const isEnvelopeContentType = (headers: IncomingHttpHeaders) => String(headers['content-type'] ?? '').toLowerCase().startsWith('application/x-sentry-envelope');

function refusalHeaders(answer: RelayAnswer): Record<string, string> {
  const headers: Record<string, string> = {};
  if (answer.status !== 200 && typeof answer.body['detail'] === 'string') headers['X-Sentry-Error'] = answer.body['detail'];
  // A refused oversized upload may still be streaming; close the connection after answering.
  if (answer.status === 413) headers['Connection'] = 'close';
  return headers;
}

function toAnswer(error: unknown): RelayAnswer {
  if (error instanceof EnvelopeError) return { status: error.status, reason: error.reason, body: { detail: error.detail } };
  if (error instanceof EnvelopeQueueError) {
    log.error('producing failed', { error: error.cause instanceof Error ? error.cause.message : String(error.cause) });
    return { status: 503, reason: 'queue_failed', body: { detail: 'failed to queue envelope' } };
  }
  log.error('request failed', { error: error instanceof Error ? error.message : String(error) });
  return { status: 500, reason: 'internal', body: { detail: 'internal server error' } };
}
