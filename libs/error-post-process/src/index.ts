export { ErrorPostProcessor, type EventstreamMessage } from './error-post-processor';
export { normalizeUuid, tagPairs, toPostProcessEvent, isPostProcessable, type EventKind, type EventSummary, type PostProcessEvent } from './post-process-event';
export type { ErrorPostProcessStep } from './step';
export { defaultRetryPolicy, StepRunner, type RetryPolicy } from './step-runner';
export { postProcessMetrics } from './metrics';
