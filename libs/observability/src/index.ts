export { HealthRegistry, type HealthCheck, type HealthReport } from './health-registry';
export { ObservabilityModule } from './observability.module';
export { metricsRegistry, resetMetricsForTests } from './metrics-registry';
export { installTracing, headerCarrier } from './tracing';
export { createLogger, type Logger } from './logger';
