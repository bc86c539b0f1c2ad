import 'reflect-metadata';
import { runNestApp } from '@issuestream/kafka';
import { createIngestOccurrencesApp } from './app';
import { loadIngestOccurrencesConfig } from './config';

runNestApp('ingest-occurrences', async () => {
  const config = loadIngestOccurrencesConfig();
  const app = await createIngestOccurrencesApp(config, process.env, { logger: ['error', 'warn'] });
  return { app, host: config.HTTP_HOST, port: config.HTTP_PORT, details: { topic: config.OCCURRENCES_TOPIC, group: config.KAFKA_GROUP_ID } };
});
