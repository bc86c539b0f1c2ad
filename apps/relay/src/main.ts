import 'reflect-metadata';
import { runNestApp } from '@issuestream/kafka';
import { loadRelayConfig } from './config';
import { createRelayApp } from './relay-app';

runNestApp('relay', async () => {
  const config = loadRelayConfig();
  const app = await createRelayApp(config, process.env, ['error', 'warn']);
  return {
    app,
    host: config.HTTP_HOST,
    port: config.RELAY_PORT,
    details: { feedbackTopic: config.FEEDBACK_TOPIC, attachmentsTopic: config.ATTACHMENTS_TOPIC, eventsTopic: config.EVENTS_TOPIC },
  };
});
