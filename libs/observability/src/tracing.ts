import { context, propagation, trace, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Registers async context tracking (so a batch's span is active inside its
 * step), the W3C `traceparent` propagator and a tracer provider. Apps call
 * this first in main.ts; exporters are added through span processors so the
 * default stays dependency-free (spans are created and propagated, not shipped).
 */
export function installTracing(spanProcessors: SpanProcessor[] = []): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors }));
}

type Headers = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** Reads and writes trace context in Kafka message headers. */
export const headerCarrier: TextMapGetter<Headers> & TextMapSetter<Headers> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  },
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};
