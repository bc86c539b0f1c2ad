/** The app's public entry for the cross-app tests in apps/e2e and the demo: factory, config and stores. */
export { createIngestEventsApp } from './app';
export { loadIngestEventsConfig, type IngestEventsConfig } from './config';
export { EventResources } from './ingest-resources';
