import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectKafkaConsumer, consumerFromEnv, manifestWith } from '@issuestream/kafka';
import { createCodec, runtimeDecoder } from '@issuestream/schemas';
import { IngestEventsModule } from './app.module';
import type { IngestEventsConfig } from './config';

/** The HTTP app (health, metrics, /errors) with the ingest-events consumer connected; start it with `startHybridApp`. */
export async function createIngestEventsApp(
  config: IngestEventsConfig,
  env: NodeJS.ProcessEnv = process.env,
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(IngestEventsModule.create(config, env), options);
  connectKafkaConsumer(app, {
    ...consumerFromEnv(config),
    decode: runtimeDecoder(createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL })),
    topicNames: { 'ingest-events': config.EVENTS_INGEST_TOPIC },
    topics: manifestWith(config.KAFKA_TOPIC_PARTITIONS, config.KAFKA_TOPIC_REPLICATION, [config.EVENTS_INGEST_TOPIC, config.EVENTSTREAM_TOPIC, config.OUTCOMES_TOPIC]),
  });
  return app;
}
