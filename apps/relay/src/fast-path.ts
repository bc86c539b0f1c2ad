import type { IncomingMessage, ServerResponse } from 'node:http';
import querystring from 'node:querystring';
import { createLogger } from '@issuestream/observability';
import type { EndpointKind, RelayEndpoint } from './relay-endpoint';

const log = createLogger('relay');

/**
 * The SDKs' canonical form of the two hot routes: a plain project id segment
 * (at most find-my-way's 100 characters) and a query without percent-escapes.
 * Anything unusual (escapes, `;`, empty or long ids, extra slashes) is left to
 * Fastify, whose routing and query parsing then decide exactly as before.
 */
const HOT_ROUTE = /^\/api\/([^/?%;]{1,100})\/(envelope|store)\/?(?:\?([^%]*))?$/;

/**
 * Answers `POST /api/:projectId/envelope/` and `/store/` straight from node's
 * HTTP server, in front of Fastify and Nest: for a body-carrying request
 * Fastify creates an AsyncResource per request (whose bind is costly on Node
 * 20) and Nest adds its router pipeline, together about a sixth of the relay's
 * CPU per envelope. The answer is the one the Nest route gives (same
 * RelayEndpoint, same headers); returns false for requests it leaves to Fastify.
 */
export function createFastPath(endpoint: RelayEndpoint, isClosing: () => boolean): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    // While closing, Fastify refuses new requests with its 503.
    if (req.method !== 'POST' || isClosing()) return false;
    const match = HOT_ROUTE.exec(req.url ?? '');
    if (!match) return false;
    const [, projectIdText = '', kind, query] = match;
    void endpoint
      .respond({
        kind: kind as EndpointKind,
        projectIdText,
        headers: req.headers,
        // Without escapes node's parser and Fastify's (fast-querystring) agree; maxKeys 0 = no limit, as there.
        query: query === undefined ? {} : querystring.parse(query, '&', '=', { maxKeys: 0 }),
        remoteAddr: req.socket.remoteAddress ?? null,
        body: req,
      })
      .then((response) => {
        res.writeHead(response.status, { ...response.headers, 'content-length': String(Buffer.byteLength(response.body)) });
        res.end(response.body);
      })
      .catch((error: unknown) => {
        // Only an unwritable header value gets here; the process must outlive one bad request.
        log.error('writing the answer failed', { error: error instanceof Error ? error.message : String(error) });
        res.destroy();
      });
    return true;
  };
}
