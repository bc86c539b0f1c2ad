import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { IncomingHttpHeaders } from 'node:http';

const tracer = trace.getTracer('issuestream.relay');

/**
 * Runs one envelope or store request in a SERVER span (continuing a W3C
 * `traceparent` the client sent, if any); the Kafka messages produced inside
 * it carry the trace on to the consumers.
 */
export function inRequestSpan<T extends { status: number }>(kind: string, headers: IncomingHttpHeaders, handle: () => Promise<T>): Promise<T> {
  const parent = headers['traceparent'] === undefined ? ROOT_CONTEXT : propagation.extract(ROOT_CONTEXT, headers);
  const route = `/api/{project_id}/${kind}/`;
  const attributes = { 'http.request.method': 'POST', 'http.route': route };
  return tracer.startActiveSpan(`POST ${route}`, { kind: SpanKind.SERVER, attributes }, parent, async (span) => {
    try {
      const response = await handle();
      span.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      return response;
    } finally {
      span.end();
    }
  });
}
