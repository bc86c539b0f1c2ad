import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { adHocTopics, connectKafkaConsumer, consumerFromEnv } from '@issuestream/kafka';
import { createCodec, runtimeDecoder } from '@issuestream/schemas';
import { SampleConsumerModule } from './app.module';
import type { SampleConsumerConfig } from './config';

/** The HTTP app (health, metrics) with the sample topic's consumer connected; start it with `startHybridApp`. */
export async function createSampleConsumerApp(config: SampleConsumerConfig, options: NestApplicationOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create(SampleConsumerModule.create(config), options);
  connectKafkaConsumer(app, {
    ...consumerFromEnv(config),
    decode: runtimeDecoder(createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL })),
    topicNames: { 'test-record': config.SAMPLE_TOPIC },
    topics: adHocTopics(config.SAMPLE_TOPIC, config.KAFKA_TOPIC_PARTITIONS, config.KAFKA_TOPIC_REPLICATION),
  });
  return app;
}
