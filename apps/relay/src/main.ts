import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { runNestApp } from '@issuestream/kafka';
import { RELAY_NEST_OPTIONS, RelayModule } from './app.module';
import { loadRelayConfig } from './config';

runNestApp('relay', async () => {
  const config = loadRelayConfig();
  const app = await NestFactory.create(RelayModule.create(config), { ...RELAY_NEST_OPTIONS, logger: ['error', 'warn'] });
  return {
    app,
    host: config.HTTP_HOST,
    port: config.RELAY_PORT,
    details: { feedbackTopic: config.FEEDBACK_TOPIC, attachmentsTopic: config.ATTACHMENTS_TOPIC, eventsTopic: config.EVENTS_TOPIC },
  };
});
