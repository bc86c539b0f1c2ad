import { context, diag, DiagLogLevel, propagation, trace, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { createLogger } from './logger';
import { traceExportPlan, type TraceExportPlan } from './trace-export-plan';

export interface TracingOptions {
  /** `service.name` unless OTEL_SERVICE_NAME (or OTEL_RESOURCE_ATTRIBUTES) names the service. */
  serviceName?: string;
  /** Processors added to the exporter's (tests collect spans in memory). */
  spanProcessors?: SpanProcessor[];
}

const log = createLogger('tracing');
let provider: BasicTracerProvider | undefined;

/**
 * Registers async context tracking (so a batch's span is active inside its
 * step), the W3C `traceparent` propagator and a tracer provider configured by
 * the standard OTEL_* variables. Spans leave the process over OTLP/HTTP only
 * when an endpoint is set; otherwise they are still created, so trace context
 * flows through Kafka headers to services that do export. With
 * OTEL_SDK_DISABLED=true no span is recorded at all, yet an incoming trace
 * context is passed on unchanged. Apps call this first, in main.ts.
 */
export function installTracing(options: TracingOptions = {}): TraceExportPlan {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const plan = traceExportPlan(process.env);
  plan.warnings.forEach((warning) => log.warn(warning));
  if (plan.disabled) return plan;
  diag.setLogger(
    { error: (msg) => log.warn(msg), warn: (msg) => log.warn(msg), info: () => undefined, debug: () => undefined, verbose: () => undefined },
    DiagLogLevel.WARN,
  );
  // The OTLP exporter reads the endpoint, headers, timeout and TLS files from OTEL_EXPORTER_OTLP_* itself.
  const exporting = plan.endpoint ? [new BatchSpanProcessor(new OTLPTraceExporter())] : [];
  provider = new BasicTracerProvider({
    resource: serviceResource(options.serviceName),
    spanProcessors: [...exporting, ...(options.spanProcessors ?? [])],
  });
  trace.setGlobalTracerProvider(provider);
  if (plan.endpoint) log.info('exporting spans over OTLP/HTTP', { endpoint: plan.endpoint });
  return plan;
}

/** The chart's and SDK's precedence: OTEL_RESOURCE_ATTRIBUTES, then OTEL_SERVICE_NAME, over the app's own name. */
function serviceResource(serviceName: string | undefined) {
  const own = serviceName ? resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }) : undefined;
  const base = own ? defaultResource().merge(own) : defaultResource();
  return base.merge(detectResources({ detectors: [envDetector] }));
}

/**
 * Sends the spans still queued (the batch processor holds them up to
 * OTEL_BSP_SCHEDULE_DELAY ms); called on shutdown so a stopping pod's last
 * batches are not lost. The provider stays usable: tests run several apps
 * in one process and close them one by one.
 */
export async function flushTraces(): Promise<void> {
  await provider?.forceFlush().catch((error: unknown) => log.warn('flushing spans failed', { error: error instanceof Error ? error.message : String(error) }));
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

/**
 * Writes the active trace context into `headers` unless they already carry
 * one: a message that names its own trace (a dead letter keeps the trace of
 * the message it parks; a coalesced send keeps each caller's) keeps it.
 */
export function injectTraceContext(headers: Headers): void {
  if (headers['traceparent'] !== undefined) return;
  propagation.inject(context.active(), headers, headerCarrier);
}
