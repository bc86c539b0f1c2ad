import { Controller, Inject, Options, Post, Req, Res } from '@nestjs/common';
import { EnvelopeError } from '@issuestream/envelopes';
import { createLogger } from '@issuestream/observability';
import type { Request, Response } from 'express';
import { decodeBody, readRawBody } from './body';
import type { RelayConfig } from './config';
import { answerPreflight, applyCors } from './cors';
import { rejections } from './metrics';
import { EnvelopeQueueError, RELAY_CONFIG, RelayService, type IncomingRequest, type RelayAnswer } from './relay.service';

const log = createLogger('relay');
const STORE_BODY_LIMIT = 1024 * 1024;

function firstValues(query: Request['query']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[name] = first;
  }
  return out;
}

/** `POST /api/:projectId/envelope/` and `/store/`; the body is read raw here (Nest's body parser is off). */
@Controller('api/:projectId')
export class RelayController {
  constructor(
    private readonly relay: RelayService,
    @Inject(RELAY_CONFIG) private readonly config: RelayConfig,
  ) {}

  @Options(['envelope', 'store'])
  preflight(@Req() req: Request, @Res() res: Response): void {
    answerPreflight(req, res);
  }

  @Post('envelope')
  async envelope(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.handle(req, res, this.config.RELAY_MAX_ENVELOPE_SIZE, (incoming) => this.relay.envelope(incoming));
  }

  @Post('store')
  async store(@Req() req: Request, @Res() res: Response): Promise<void> {
    const envelope = String(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-sentry-envelope');
    const limit = envelope ? this.config.RELAY_MAX_ENVELOPE_SIZE : STORE_BODY_LIMIT;
    await this.handle(req, res, limit, (incoming) => this.relay.store(incoming));
  }

  private async handle(req: Request, res: Response, limit: number, run: (incoming: IncomingRequest) => Promise<RelayAnswer>): Promise<void> {
    applyCors(req, res);
    let answer: RelayAnswer;
    try {
      const raw = await readRawBody(req, limit);
      const body = await decodeBody(raw, req.headers['content-encoding'], limit);
      answer = await run({
        projectIdText: String(req.params['projectId'] ?? ''),
        headers: req.headers,
        query: firstValues(req.query),
        body,
        remoteAddr: req.ip ?? req.socket.remoteAddress ?? null,
      });
    } catch (error) {
      answer = toAnswer(error);
    }
    if (answer.status !== 200) rejections.inc({ status: String(answer.status), reason: answer.reason ?? 'unknown' });
    for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
    if (answer.status !== 200 && typeof answer.body['detail'] === 'string') res.setHeader('X-Sentry-Error', answer.body['detail']);
    // A refused oversized upload may still be streaming; close the connection after answering.
    if (answer.status === 413) res.setHeader('Connection', 'close');
    res.status(answer.status).json(answer.body);
  }
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
