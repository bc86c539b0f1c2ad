import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { runNestApp } from '@issuestream/kafka';
import { SampleConsumerModule } from './app.module';
import { loadSampleConsumerConfig } from './config';

runNestApp('sample-consumer', async () => {
  const config = loadSampleConsumerConfig();
  const app = await NestFactory.create(SampleConsumerModule.create(config), { logger: ['error', 'warn'] });
  return { app, host: config.HTTP_HOST, port: config.HTTP_PORT, details: { topic: config.SAMPLE_TOPIC, group: config.KAFKA_GROUP_ID } };
});
