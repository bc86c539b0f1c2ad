import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectKafkaConsumer, consumerFromEnv, manifestWith, withConfigsOf } from '@issuestream/kafka';
import { createCodec, runtimeDecoder } from '@issuestream/schemas';
import { IngestAttachmentsModule } from './app.module';
import type { IngestAttachmentsConfig } from './config';

/** The HTTP app (health, metrics) with the ingest-attachments consumer connected; start it with `startHybridApp`. */
export async function createIngestAttachmentsApp(
  config: IngestAttachmentsConfig,
  env: NodeJS.ProcessEnv = process.env,
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(IngestAttachmentsModule.create(config, env), options);
  connectKafkaConsumer(app, {
    ...consumerFromEnv(config),
    decode: runtimeDecoder(createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL })),
    topicNames: { 'ingest-attachments': config.ATTACHMENTS_INGEST_TOPIC },
    // A renamed attachments topic keeps ingest-attachments' configs (uncompressed batches stored as sent).
    topics: withConfigsOf(
      manifestWith(config.KAFKA_TOPIC_PARTITIONS, config.KAFKA_TOPIC_REPLICATION, [
        config.ATTACHMENTS_INGEST_TOPIC,
        config.EVENTSTREAM_TOPIC,
        config.OUTCOMES_TOPIC,
        config.OCCURRENCES_TOPIC,
      ]),
      config.ATTACHMENTS_INGEST_TOPIC,
      'ingest-attachments',
    ),
  });
  return app;
}
