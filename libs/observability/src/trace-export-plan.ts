import { unknownOtelVariables } from './otel-env';

export interface TraceExportPlan {
  /** OTEL_SDK_DISABLED=true: no tracer provider, spans are not even recorded. */
  disabled: boolean;
  /** Where spans go (OTLP/HTTP); undefined exports nothing. */
  endpoint?: string;
  /** Settings that were set but cannot be honoured, said once at start-up. */
  warnings: string[];
}

const SUPPORTED_PROTOCOL = 'http/json';

/**
 * What the standard OTEL_* variables ask of tracing. Only the OTLP/HTTP
 * exporter with JSON bodies is built in (any OTLP collector accepts it on
 * :4318), so another protocol is reported and JSON is sent anyway; an
 * exporter other than `otlp` or `none` is reported and ignored.
 */
export function traceExportPlan(env: NodeJS.ProcessEnv): TraceExportPlan {
  const warnings = unknownOtelVariables(env).map((name) => `${name} is not an OpenTelemetry variable the apps read; ignored`);
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return { disabled: true, warnings };
  const exporters = (env['OTEL_TRACES_EXPORTER'] ?? 'otlp').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  const unsupported = exporters.filter((name) => name !== 'otlp' && name !== 'none');
  if (unsupported.length > 0) warnings.push(`OTEL_TRACES_EXPORTER ${unsupported.join(',')} is not built in; only otlp (OTLP/HTTP JSON) and none are`);
  const endpoint = nonEmpty(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) ?? tracesPathOf(nonEmpty(env['OTEL_EXPORTER_OTLP_ENDPOINT']));
  if (!exporters.includes('otlp') || !endpoint) return { disabled: false, warnings };
  const protocol = nonEmpty(env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL']) ?? nonEmpty(env['OTEL_EXPORTER_OTLP_PROTOCOL']);
  if (protocol && protocol !== SUPPORTED_PROTOCOL) warnings.push(`OTEL_EXPORTER_OTLP_PROTOCOL ${protocol} is not built in; spans go as ${SUPPORTED_PROTOCOL}`);
  return { disabled: false, endpoint, warnings };
}

const nonEmpty = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/** The base endpoint gets the signal's path appended, as the OTLP exporter does. */
function tracesPathOf(base: string | undefined): string | undefined {
  if (!base) return undefined;
  return `${base.endsWith('/') ? base : `${base}/`}v1/traces`;
}
