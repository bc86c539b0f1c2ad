import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { runNestApp } from '@issuestream/kafka';
import { IngestOccurrencesModule } from './app.module';
import { loadIngestOccurrencesConfig } from './config';

runNestApp('ingest-occurrences', async () => {
  const config = loadIngestOccurrencesConfig();
  const app = await NestFactory.create(IngestOccurrencesModule.create(config), { logger: ['error', 'warn'] });
  return { app, host: config.HTTP_HOST, port: config.HTTP_PORT, details: { topic: config.OCCURRENCES_TOPIC, group: config.KAFKA_GROUP_ID } };
});
