import { Module, type DynamicModule } from '@nestjs/common';
import { GroupTypeResolver, OccurrenceIngestor } from '@issuestream/issue-platform';
import { consumerFromEnv, KafkaConsumerModule, manifestWith } from '@issuestream/kafka';
import { HealthRegistry, ObservabilityModule } from '@issuestream/observability';
import { createCodec, runtimeDecoder, type SchemaCodec } from '@issuestream/schemas';
import { TenantStore } from '@issuestream/storage';
import type { IngestOccurrencesConfig } from './config';
import { IngestResources } from './ingest-resources';
import { OccurrencesHandler } from './occurrences.handler';
import { SearchIssuesController } from './search-issues.controller';

const CODEC = Symbol('codec');

/** Wiring only: config → stores → ingestor → the batched runtime on ingest-occurrences. */
@Module({})
export class IngestOccurrencesModule {
  static create(config: IngestOccurrencesConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: IngestOccurrencesModule,
      controllers: [SearchIssuesController],
      imports: [
        ObservabilityModule,
        KafkaConsumerModule.forRootAsync({
          useFactory: () => {
            const codec = createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL });
            return {
              ...consumerFromEnv(config),
              decode: runtimeDecoder(codec),
              topicNames: { 'ingest-occurrences': config.OCCURRENCES_TOPIC },
              topics: manifestWith(config.KAFKA_TOPIC_PARTITIONS, config.KAFKA_TOPIC_REPLICATION, [config.OCCURRENCES_TOPIC, config.POST_PROCESS_TOPIC]),
            };
          },
        }),
      ],
      providers: [
        { provide: CODEC, useFactory: () => createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL }) },
        { provide: IngestResources, inject: [HealthRegistry], useFactory: (health: HealthRegistry) => IngestResources.open(env, health) },
        {
          provide: OccurrenceIngestor,
          inject: [IngestResources, CODEC],
          useFactory: async (resources: IngestResources, codec: SchemaCodec) =>
            new OccurrenceIngestor({
              pool: resources.pool,
              redis: resources.redis,
              clickhouse: resources.clickhouse,
              tenants: new TenantStore(resources.pool, { cacheTtlMs: config.TENANT_CACHE_TTL_MS }),
              types: await GroupTypeResolver.open(resources.pool, { ttlMs: config.GROUP_TYPE_CACHE_TTL_MS }),
              codec,
              postProcessTopic: config.POST_PROCESS_TOPIC,
            }),
        },
        OccurrencesHandler,
      ],
      exports: [IngestResources],
    };
  }
}
