import 'reflect-metadata';
import { runNestApp } from '@issuestream/kafka';
import { createApiApp } from './api-app';
import { loadApiConfig } from './config';

runNestApp('api', async () => {
  const config = loadApiConfig();
  const app = await createApiApp(config, process.env, ['error', 'warn']);
  return { app, host: config.HTTP_HOST, port: config.HTTP_PORT, details: { outcomesTopic: config.OUTCOMES_TOPIC } };
});
