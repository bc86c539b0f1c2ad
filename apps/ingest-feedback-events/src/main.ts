import 'reflect-metadata';
import { runNestApp } from '@issuestream/kafka';
import { createIngestFeedbackApp } from './app';
import { loadIngestFeedbackConfig } from './config';

runNestApp('ingest-feedback-events', async () => {
  const config = loadIngestFeedbackConfig();
  const app = await createIngestFeedbackApp(config, process.env, {}, { logger: ['error', 'warn'] });
  return { app, host: config.HTTP_HOST, port: config.HTTP_PORT, details: { topic: config.FEEDBACK_TOPIC, group: config.KAFKA_GROUP_ID } };
});
