import 'reflect-metadata';
import { runNestApp } from '@issuestream/kafka';
import { createSampleConsumerApp } from './app';
import { loadSampleConsumerConfig } from './config';

runNestApp('sample-consumer', async () => {
  const config = loadSampleConsumerConfig();
  const app = await createSampleConsumerApp(config, { logger: ['error', 'warn'] });
  return { app, host: config.HTTP_HOST, port: config.HTTP_PORT, details: { topic: config.SAMPLE_TOPIC, group: config.KAFKA_GROUP_ID } };
});
