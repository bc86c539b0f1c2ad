import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { exitCleanlyOnSignals } from '@issuestream/kafka';
import { createLogger, installTracing } from '@issuestream/observability';
import { IngestOccurrencesModule } from './app.module';
import { loadIngestOccurrencesConfig } from './config';

const log = createLogger('ingest-occurrences');

async function main(): Promise<void> {
  installTracing();
  const config = loadIngestOccurrencesConfig();
  const app = await NestFactory.create(IngestOccurrencesModule.create(config), { logger: ['error', 'warn'] });
  exitCleanlyOnSignals(app);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  log.info('ingest-occurrences running', { group: config.KAFKA_GROUP_ID, topic: config.OCCURRENCES_TOPIC, httpPort: config.HTTP_PORT });
}

main().catch((error: unknown) => {
  log.error('ingest-occurrences failed to start', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
