import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { RelayModule } from './app.module';
import type { RelayConfig } from './config';

/**
 * The relay on Fastify (its per-request cost is a fraction of Express's, and
 * the relay is the one hot HTTP path). No body parser runs: the endpoints read
 * the raw stream themselves so they can decompress and size-limit it.
 */
export async function createRelayApp(config: RelayConfig, env: NodeJS.ProcessEnv, logger: LogLevel[]): Promise<NestFastifyApplication> {
  // SDKs post to `/envelope/` and `/store/` with the trailing slash.
  const adapter = new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true } });
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));
  return NestFactory.create<NestFastifyApplication>(RelayModule.create(config, env), adapter, { bodyParser: false, logger });
}
