/** The app's public entry for the cross-app tests in apps/e2e and the demo: factory, config and stores. */
export { createIngestOutcomesApp } from './app';
export { loadIngestOutcomesConfig, type IngestOutcomesConfig } from './config';
export { OutcomeResources } from './outcome-resources';
