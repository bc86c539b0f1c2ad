import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per process: every library registers its instruments here and
 * `/metrics` serves it. Default Node metrics (event-loop lag, heap) come along.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** Tests share one process per file; this keeps counters from leaking between cases. */
export function resetMetricsForTests(): void {
  metricsRegistry.resetMetrics();
}
