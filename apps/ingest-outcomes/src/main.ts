import 'reflect-metadata';
import { runNestApp } from '@issuestream/kafka';
import { createIngestOutcomesApp } from './app';
import { loadIngestOutcomesConfig } from './config';

runNestApp('ingest-outcomes', async () => {
  const config = loadIngestOutcomesConfig();
  const app = await createIngestOutcomesApp(config, process.env, { logger: ['error', 'warn'] });
  return { app, host: config.HTTP_HOST, port: config.HTTP_PORT, details: { topic: config.OUTCOMES_TOPIC, group: config.KAFKA_GROUP_ID } };
});
