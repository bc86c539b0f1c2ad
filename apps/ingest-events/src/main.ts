import 'reflect-metadata';
import { runNestApp } from '@issuestream/kafka';
import { createIngestEventsApp } from './app';
import { loadIngestEventsConfig } from './config';

runNestApp('ingest-events', async () => {
  const config = loadIngestEventsConfig();
  const app = await createIngestEventsApp(config, process.env, { logger: ['error', 'warn'] });
  return { app, host: config.HTTP_HOST, port: config.HTTP_PORT, details: { topic: config.EVENTS_INGEST_TOPIC, group: config.KAFKA_GROUP_ID } };
});
