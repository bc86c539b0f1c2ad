export { HealthRegistry, type HealthCheck, type HealthReport } from './health-registry';
export { ObservabilityModule } from './observability.module';
export { metricsRegistry, resetMetricsForTests } from './metrics-registry';
export { flushTraces, headerCarrier, injectTraceContext, installTracing, type TracingOptions } from './tracing';
export type { TraceExportPlan } from './trace-export-plan';
export { createLogger, sendLogsToStderr, type Logger } from './logger';
