/**
 * The app's public entry for the cross-app tests in apps/e2e (the only
 * project allowed to import an app): the app factory, its config and the
 * stores it opens (the tests read groups and search rows through them).
 */
export { createIngestOccurrencesApp } from './app';
export { loadIngestOccurrencesConfig, type IngestOccurrencesConfig } from './config';
export { IngestResources } from './ingest-resources';
