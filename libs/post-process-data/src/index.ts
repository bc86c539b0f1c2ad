export { POST_PROCESS_MIGRATIONS_TABLE, postProcessMigrations } from './post-process-migrations';
export { claimStep, eventKey, purgeStepMarkers, type EventKey } from './step-markers';
export { clearDeferredStep, countDeferredSteps, deferSteps, rescheduleStep, takeDueSteps, type DeferredStep } from './deferred-steps';
