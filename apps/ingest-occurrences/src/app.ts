import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectKafkaConsumer, consumerFromEnv, manifestWith } from '@issuestream/kafka';
import { createCodec, runtimeDecoder } from '@issuestream/schemas';
import { IngestOccurrencesModule } from './app.module';
import type { IngestOccurrencesConfig } from './config';

/** The HTTP app (health, metrics, search rows) with the ingest-occurrences consumer connected; start it with `startHybridApp`. */
export async function createIngestOccurrencesApp(
  config: IngestOccurrencesConfig,
  env: NodeJS.ProcessEnv = process.env,
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(IngestOccurrencesModule.create(config, env), options);
  connectKafkaConsumer(app, {
    ...consumerFromEnv(config),
    decode: runtimeDecoder(createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL })),
    topicNames: { 'ingest-occurrences': config.OCCURRENCES_TOPIC },
    topics: manifestWith(config.KAFKA_TOPIC_PARTITIONS, config.KAFKA_TOPIC_REPLICATION, [config.OCCURRENCES_TOPIC, config.POST_PROCESS_TOPIC]),
  });
  return app;
}
