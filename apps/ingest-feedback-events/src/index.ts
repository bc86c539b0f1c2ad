/**
 * The app's public entry for the cross-app tests in apps/e2e (the only
 * project allowed to import an app): the module factory and its config.
 */
export { IngestFeedbackModule, type IngestFeedbackOptions } from './app.module';
export { loadIngestFeedbackConfig, type IngestFeedbackConfig } from './config';
