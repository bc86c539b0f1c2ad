import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { ApiModule } from './app.module';
import { readLimitedBody } from './raw-body';
import type { ApiConfig } from './config';

/**
 * The api on Fastify. Bodies are read as raw bytes up to API_MAX_BODY_BYTES
 * and parsed by each endpoint (JSON or form), so a malformed or oversize body
 * is answered with the endpoint's own JSON 4xx naming it. Proxy headers are
 * trusted so the dialog posts back over the scheme the page used (TLS usually
 * ends at the ingress).
 */
export async function createApiApp(config: ApiConfig, env: NodeJS.ProcessEnv, logger: LogLevel[]): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true }, trustProxy: true });
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request: FastifyRequest, payload: IncomingMessage) => readLimitedBody(payload, config.API_MAX_BODY_BYTES));
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.create(config, env), adapter, { bodyParser: false, logger });
  return app;
}
