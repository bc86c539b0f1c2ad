/**
 * The OTEL_* variables the apps honour: installTracing reads some, the
 * OpenTelemetry SDK and its OTLP exporter the rest. Any other OTEL_* variable
 * set on an app is reported at start-up (a misspelt endpoint would otherwise
 * silently export nothing). The Helm chart's tests read this list too.
 */
export const OTEL_ENV_VARIABLES = {
  OTEL_SDK_DISABLED: 'true: record no spans (incoming trace context is still passed on)',
  OTEL_SERVICE_NAME: "service.name of the app's spans (default: the app's name)",
  OTEL_RESOURCE_ATTRIBUTES: 'extra resource attributes, key=value,key=value',
  OTEL_TRACES_EXPORTER: 'otlp (default) or none',
  OTEL_TRACES_SAMPLER: 'always_on, always_off, traceidratio, parentbased_* (default parentbased_always_on)',
  OTEL_TRACES_SAMPLER_ARG: 'the ratio for the traceidratio samplers',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'OTLP/HTTP base URL; /v1/traces is appended',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'OTLP/HTTP traces URL, used as given',
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json (the one built in)',
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json (the one built in)',
  OTEL_EXPORTER_OTLP_HEADERS: 'headers on every export, key=value,key=value',
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'headers on trace exports',
  OTEL_EXPORTER_OTLP_TIMEOUT: 'export timeout in ms',
  OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: 'trace export timeout in ms',
  OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip or none',
  OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'gzip or none, for traces',
  OTEL_EXPORTER_OTLP_CERTIFICATE: 'CA certificate file (PEM)',
  OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: 'CA certificate file for traces',
  OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: 'client certificate file (mTLS)',
  OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE: 'client certificate file for traces',
  OTEL_EXPORTER_OTLP_CLIENT_KEY: 'client key file (mTLS)',
  OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY: 'client key file for traces',
  OTEL_BSP_SCHEDULE_DELAY: 'ms between span exports (default 5000)',
  OTEL_BSP_EXPORT_TIMEOUT: 'ms one export may take',
  OTEL_BSP_MAX_QUEUE_SIZE: 'spans queued before new ones are dropped (default 2048)',
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: 'spans per export (default 512)',
  OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: 'longest attribute value kept',
  OTEL_ATTRIBUTE_COUNT_LIMIT: 'most attributes per span',
  OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: 'longest span attribute value kept',
  OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: 'most attributes per span',
  OTEL_SPAN_EVENT_COUNT_LIMIT: 'most events per span',
  OTEL_SPAN_LINK_COUNT_LIMIT: 'most links per span',
} as const;

/** OTEL_* variables in `env` that nothing in the apps reads. */
export function unknownOtelVariables(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env).filter((name) => name.startsWith('OTEL_') && !(name in OTEL_ENV_VARIABLES)).sort();
}
