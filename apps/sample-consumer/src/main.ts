import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { exitCleanlyOnSignals } from '@issuestream/kafka';
import { createLogger, installTracing } from '@issuestream/observability';
import { SampleConsumerModule } from './app.module';
import { loadSampleConsumerConfig } from './config';

const log = createLogger('sample-consumer');

async function main(): Promise<void> {
  installTracing();
  const config = loadSampleConsumerConfig();
  const app = await NestFactory.create(SampleConsumerModule.create(config), { logger: ['error', 'warn'] });
  exitCleanlyOnSignals(app);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  log.info('sample consumer running', { topic: config.SAMPLE_TOPIC, group: config.KAFKA_GROUP_ID, httpPort: config.HTTP_PORT });
}

main().catch((error: unknown) => {
  log.error('sample consumer failed to start', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
