import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectKafkaConsumer, consumerFromEnv, manifestWith } from '@issuestream/kafka';
import { createCodec, runtimeDecoder } from '@issuestream/schemas';
import { IngestFeedbackModule, type IngestFeedbackOptions } from './app.module';
import type { IngestFeedbackConfig } from './config';

/** The HTTP app (health, metrics) with the ingest-feedback-events consumer connected; start it with `startHybridApp`. */
export async function createIngestFeedbackApp(
  config: IngestFeedbackConfig,
  env: NodeJS.ProcessEnv = process.env,
  feedback: IngestFeedbackOptions = {},
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(IngestFeedbackModule.create(config, env, feedback), options);
  connectKafkaConsumer(app, {
    ...consumerFromEnv(config),
    decode: runtimeDecoder(createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL })),
    topicNames: { 'ingest-feedback-events': config.FEEDBACK_TOPIC },
    topics: manifestWith(config.KAFKA_TOPIC_PARTITIONS, config.KAFKA_TOPIC_REPLICATION, [config.FEEDBACK_TOPIC, config.OCCURRENCES_TOPIC, config.OUTCOMES_TOPIC]),
  });
  return app;
}
