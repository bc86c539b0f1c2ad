/**
 * The app's public entry for the cross-app tests in apps/e2e (the only
 * project allowed to import an app): the app factory and its config.
 */
export { createIngestFeedbackApp } from './app';
export type { IngestFeedbackOptions } from './app.module';
export { loadIngestFeedbackConfig, type IngestFeedbackConfig } from './config';
