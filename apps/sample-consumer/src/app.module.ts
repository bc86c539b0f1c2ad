import { Module } from '@nestjs/common';
import { adHocTopics, consumerFromEnv, KafkaConsumerModule } from '@issuestream/kafka';
import { HealthRegistry, ObservabilityModule } from '@issuestream/observability';
import { createCodec, runtimeDecoder } from '@issuestream/schemas';
import { createPgPool } from '@issuestream/storage';
import type { SampleConsumerConfig } from './config';
import { SampleRecordsHandler } from './sample-records.handler';
import { SampleRecordsStore } from './sample-records.store';

/** Wiring only: config → storage → handler → the batched Kafka runtime. */
@Module({})
export class SampleConsumerModule {
  static create(config: SampleConsumerConfig) {
    return {
      module: SampleConsumerModule,
      imports: [
        ObservabilityModule,
        KafkaConsumerModule.forRootAsync({
          useFactory: () => {
            const codec = createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL });
            return {
            ...consumerFromEnv(config),
            decode: runtimeDecoder(codec),
            topicNames: { 'test-record': config.SAMPLE_TOPIC },
            topics: adHocTopics(config.SAMPLE_TOPIC, config.KAFKA_TOPIC_PARTITIONS, config.KAFKA_TOPIC_REPLICATION),
            };
          },
        }),
      ],
      providers: [
        {
          provide: SampleRecordsStore,
          inject: [HealthRegistry],
          useFactory: async (health: HealthRegistry) => {
            const pool = createPgPool(config.DATABASE_URL, { applicationName: 'sample-consumer' });
            health.register({ name: 'postgres', check: async () => void (await pool.query('SELECT 1')) });
            const store = new SampleRecordsStore(pool, config.SAMPLE_TABLE, config.SAMPLE_WORK_MS);
            await store.migrate();
            return store;
          },
        },
        SampleRecordsHandler,
      ],
    };
  }
}
