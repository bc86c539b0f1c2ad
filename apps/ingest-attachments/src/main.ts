import 'reflect-metadata';
import { runNestApp } from '@issuestream/kafka';
import { createIngestAttachmentsApp } from './app';
import { loadIngestAttachmentsConfig } from './config';

runNestApp('ingest-attachments', async () => {
  const config = loadIngestAttachmentsConfig();
  const app = await createIngestAttachmentsApp(config, process.env, { logger: ['error', 'warn'] });
  return { app, host: config.HTTP_HOST, port: config.HTTP_PORT, details: { topic: config.ATTACHMENTS_INGEST_TOPIC, group: config.KAFKA_GROUP_ID } };
});
