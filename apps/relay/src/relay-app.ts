import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import http from 'node:http';
import { RelayModule } from './app.module';
import type { RelayConfig } from './config';
import { createFastPath } from './fast-path';
import { RelayEndpoint } from './relay-endpoint';

/** Fastify's defaults for the server it would create itself (a serverFactory must apply them). */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

/**
 * The relay on Fastify (its per-request cost is a fraction of Express's, and
 * the relay is the one hot HTTP path). No body parser runs: the endpoints read
 * the raw stream themselves so they can decompress and size-limit it. The
 * envelope and store POSTs are answered in front of Fastify (fast-path.ts).
 */
export async function createRelayApp(config: RelayConfig, env: NodeJS.ProcessEnv, logger: LogLevel[]): Promise<NestFastifyApplication> {
  let fastPath: RequestHandler = () => false;
  const adapter = new FastifyAdapter({
    // SDKs post to `/envelope/` and `/store/` with the trailing slash.
    routerOptions: { ignoreTrailingSlash: true },
    serverFactory: (fastifyHandler: (req: http.IncomingMessage, res: http.ServerResponse) => void) => {
      const server = http.createServer({ requestTimeout: 0 }, (req, res) => fastPath(req, res) || fastifyHandler(req, res));
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      return server;
    },
  });
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(RelayModule.create(config, env), adapter, { bodyParser: false, logger });
  fastPath = createFastPath(app.get(RelayEndpoint), () => closing);
  return app;
}
