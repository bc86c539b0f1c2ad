import { Controller, Inject, Options, Post, Req, Res } from '@nestjs/common';
import { EnvelopeError } from '@issuestream/envelopes';
import { createLogger } from '@issuestream/observability';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeBody, readRawBody } from './body';
import type { RelayConfig } from './config';
import { corsHeaders, preflightHeaders } from './cors';
import { rejections } from './metrics';
import { EnvelopeQueueError, RELAY_CONFIG, RelayService, type IncomingRequest, type RelayAnswer } from './relay.service';

const log = createLogger('relay');
const STORE_BODY_LIMIT = 1024 * 1024;

function firstValues(query: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(query ?? {})) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[name] = first;
  }
  return out;
}

const projectIdOf = (req: FastifyRequest) => String((req.params as Record<string, unknown> | undefined)?.['projectId'] ?? '');

/** `POST /api/:projectId/envelope/` and `/store/`; no body parser runs, so the raw stream is read, limited and decompressed here. */
@Controller('api/:projectId')
export class RelayController {
  constructor(
    private readonly relay: RelayService,
    @Inject(RELAY_CONFIG) private readonly config: RelayConfig,
  ) {}

  @Options(['envelope', 'store'])
  preflight(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    void reply.headers(preflightHeaders(req.headers.origin)).code(200).send();
  }

  @Post('envelope')
  async envelope(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.handle(req, reply, this.config.RELAY_MAX_ENVELOPE_SIZE, (incoming) => this.relay.envelope(incoming));
  }

  @Post('store')
  async store(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const envelope = String(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-sentry-envelope');
    const limit = envelope ? this.config.RELAY_MAX_ENVELOPE_SIZE : STORE_BODY_LIMIT;
    await this.handle(req, reply, limit, (incoming) => this.relay.store(incoming));
  }

  private async handle(req: FastifyRequest, reply: FastifyReply, limit: number, run: (incoming: IncomingRequest) => Promise<RelayAnswer>): Promise<void> {
    let answer: RelayAnswer;
    try {
      const raw = await readRawBody(req.raw, limit);
      const body = await decodeBody(raw, req.headers['content-encoding'], limit);
      answer = await run({ projectIdText: projectIdOf(req), headers: req.headers, query: firstValues(req.query), body, remoteAddr: req.ip ?? null });
    } catch (error) {
      answer = toAnswer(error);
    }
    if (answer.status !== 200) rejections.inc({ status: String(answer.status), reason: answer.reason ?? 'unknown' });
    void reply.headers({ ...corsHeaders(req.headers.origin), ...answer.headers, ...refusalHeaders(answer) }).code(answer.status).send(answer.body);
  }
}

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
