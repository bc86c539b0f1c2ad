export { POST_PROCESS_MIGRATIONS_TABLE, postProcessMigrations } from './post-process-migrations';
export { clearDeferredStep, countDeferredSteps, deferSteps, lockDueSteps, rescheduleStep, type DeferredStep, type EventKey } from './deferred-steps';
