import 'reflect-metadata';
import { runNestApp } from '@issuestream/kafka';
import { createPostProcessApp } from './app';
import { loadPostProcessConfig } from './config';

runNestApp('post-process', async () => {
  const config = loadPostProcessConfig();
  const app = await createPostProcessApp(config, process.env, { logger: ['error', 'warn'] });
  return { app, host: config.HTTP_HOST, port: config.HTTP_PORT, details: { topic: config.EVENTSTREAM_TOPIC, group: config.KAFKA_GROUP_ID } };
});
