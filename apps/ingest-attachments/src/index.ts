/** The app's public entry for the cross-app tests in apps/e2e and the demo: factory, config and stores. */
export { createIngestAttachmentsApp } from './app';
export { loadIngestAttachmentsConfig, type IngestAttachmentsConfig } from './config';
export { AttachmentResources } from './ingest-resources';
