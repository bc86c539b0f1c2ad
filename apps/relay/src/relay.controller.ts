import { Controller, Options, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { preflightHeaders } from './cors';
import { RelayEndpoint, type EndpointKind } from './relay-endpoint';

const projectIdOf = (req: FastifyRequest) => String((req.params as Record<string, unknown> | undefined)?.['projectId'] ?? '');

/**
 * `POST /api/:projectId/envelope/` and `/store/` for the requests the fast
 * path (fast-path.ts) leaves to Fastify, and their CORS preflight.
 */
@Controller('api/:projectId')
export class RelayController {
  constructor(private readonly endpoint: RelayEndpoint) {}

  @Options(['envelope', 'store'])
  preflight(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    void reply.headers(preflightHeaders(req.headers.origin)).code(200).send();
  }

  @Post('envelope')
  async envelope(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.answer('envelope', req, reply);
  }

  @Post('store')
  async store(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.answer('store', req, reply);
  }

  private async answer(kind: EndpointKind, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const response = await this.endpoint.respond({ kind, projectIdText: projectIdOf(req), headers: req.headers, query: req.query, remoteAddr: req.ip ?? null, body: req.raw });
    void reply.headers(response.headers).code(response.status).send(response.body);
  }
}
