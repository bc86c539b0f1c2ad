import { Module, type DynamicModule } from '@nestjs/common';
import { OccurrenceAttachmentLinker } from '@issuestream/attachments';
import { EventAttachmentStore } from '@issuestream/attachments-data';
import { GroupTypeResolver, OccurrenceIngestor } from '@issuestream/issue-platform';
import { HealthRegistry, ObservabilityModule } from '@issuestream/observability';
import { createCodec, type SchemaCodec } from '@issuestream/schemas';
import { TenantStore } from '@issuestream/storage';
import type { IngestOccurrencesConfig } from './config';
import { IngestResources } from './ingest-resources';
import { OccurrencesController } from './occurrences.controller';
import { IssueStreamController } from './issue-stream.controller';
import { SearchIssuesController } from './search-issues.controller';

const CODEC = Symbol('codec');

/** Wiring only: config → stores → ingestor → the controller whose @EventPattern consumes ingest-occurrences. */
@Module({})
export class IngestOccurrencesModule {
  static create(config: IngestOccurrencesConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: IngestOccurrencesModule,
      controllers: [SearchIssuesController, IssueStreamController, OccurrencesController],
      imports: [ObservabilityModule],
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
        {
          provide: OccurrenceAttachmentLinker,
          inject: [IngestResources],
          useFactory: (resources: IngestResources) => new OccurrenceAttachmentLinker(resources.pool, new EventAttachmentStore(resources.pool)),
        },
      ],
      exports: [IngestResources],
    };
  }
}
