import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { runNestApp } from '@issuestream/kafka';
import { IngestFeedbackModule } from './app.module';
import { loadIngestFeedbackConfig } from './config';

runNestApp('ingest-feedback-events', async () => {
  const config = loadIngestFeedbackConfig();
  const app = await NestFactory.create(IngestFeedbackModule.create(config), { logger: ['error', 'warn'] });
  return { app, host: config.HTTP_HOST, port: config.HTTP_PORT, details: { topic: config.FEEDBACK_TOPIC, group: config.KAFKA_GROUP_ID } };
});
