import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectKafkaConsumer, consumerFromEnv, manifestWith } from '@issuestream/kafka';
import { createCodec, runtimeDecoder } from '@issuestream/schemas';
import { IngestOutcomesModule } from './app.module';
import type { IngestOutcomesConfig } from './config';

/** The HTTP app (health, metrics) with the outcomes consumer connected; start it with `startHybridApp`. */
export async function createIngestOutcomesApp(
  config: IngestOutcomesConfig,
  env: NodeJS.ProcessEnv = process.env,
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(IngestOutcomesModule.create(env), options);
  connectKafkaConsumer(app, {
    ...consumerFromEnv(config),
    decode: runtimeDecoder(createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL })),
    topicNames: { outcomes: config.OUTCOMES_TOPIC },
    topics: manifestWith(config.KAFKA_TOPIC_PARTITIONS, config.KAFKA_TOPIC_REPLICATION, [config.OUTCOMES_TOPIC]),
  });
  return app;
}
