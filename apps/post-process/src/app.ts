import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectKafkaConsumer, consumerFromEnv, manifestWith } from '@issuestream/kafka';
import { createCodec, runtimeDecoder } from '@issuestream/schemas';
import { PostProcessModule } from './app.module';
import type { PostProcessConfig } from './config';

/** Consumed topics by @EventPattern name → physical name, one entry per stream module. */
const consumedTopics = (config: PostProcessConfig): Record<string, string> => ({
  events: config.EVENTSTREAM_TOPIC,
  'generic-events': config.POST_PROCESS_TOPIC,
});

/** Topics the app writes (created when missing, like the ones it reads). */
const producedTopics = (config: PostProcessConfig): string[] => [config.OCCURRENCES_TOPIC, config.OUTCOMES_TOPIC];

/** The HTTP app (health, metrics) with the post-process consumer connected; start it with `startHybridApp`. */
export async function createPostProcessApp(
  config: PostProcessConfig,
  env: NodeJS.ProcessEnv = process.env,
  options: NestApplicationOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(PostProcessModule.create(config, env), options);
  const topicNames = consumedTopics(config);
  connectKafkaConsumer(app, {
    ...consumerFromEnv(config),
    decode: runtimeDecoder(createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL })),
    topicNames,
    topics: manifestWith(config.KAFKA_TOPIC_PARTITIONS, config.KAFKA_TOPIC_REPLICATION, [...Object.values(topicNames), ...producedTopics(config)]),
  });
  return app;
}
