import { Module, type DynamicModule } from '@nestjs/common';
import {
  AttachmentRateLimiter, AttachmentsIngestor, AttachmentWriter, ChunkStore, UserReportIntake,
} from '@issuestream/attachments';
import { EventAttachmentStore } from '@issuestream/attachments-data';
import { ErrorEventIngestor } from '@issuestream/errors';
import { noEventStore } from '@issuestream/feedback';
import { HealthRegistry, ObservabilityModule } from '@issuestream/observability';
import { createCodec } from '@issuestream/schemas';
import { TenantStore } from '@issuestream/storage';
import { UserReportStore } from '@issuestream/user-reports-data';
import type { IngestAttachmentsConfig } from './config';
import { AttachmentsController } from './attachments.controller';
import { AttachmentResources } from './ingest-resources';

/** Wiring only: config → stores → the errors pipeline and the attachment writer → the controller consuming ingest-attachments. */
@Module({})
export class IngestAttachmentsModule {
  static create(config: IngestAttachmentsConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: IngestAttachmentsModule,
      controllers: [AttachmentsController],
      imports: [ObservabilityModule],
      providers: [
        { provide: AttachmentResources, inject: [HealthRegistry], useFactory: (health: HealthRegistry) => AttachmentResources.open(env, health) },
        {
          provide: AttachmentsIngestor,
          inject: [AttachmentResources],
          useFactory: (resources: AttachmentResources) => {
            const tenants = new TenantStore(resources.pool, { cacheTtlMs: config.TENANT_CACHE_TTL_MS });
            const codec = createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL });
            const store = new EventAttachmentStore(resources.pool);
            const chunks = new ChunkStore(resources.redis, config.ATTACHMENT_CHUNK_TTL_SECONDS);
            return new AttachmentsIngestor({
              pool: resources.pool,
              tenants,
              codec,
              chunks,
              store,
              writer: new AttachmentWriter({
                chunks,
                blobs: resources.blobs,
                store,
                limiter: new AttachmentRateLimiter(resources.redis),
                maxBytes: config.ATTACHMENT_MAX_BYTES,
                maxChunks: 10_000,
                concurrency: config.ATTACHMENT_PUT_CONCURRENCY,
              }),
              errors: new ErrorEventIngestor({
                pool: resources.pool,
                clickhouse: resources.clickhouse,
                tenants,
                codec,
                eventsTopic: config.EVENTSTREAM_TOPIC,
                outcomesTopic: config.OUTCOMES_TOPIC,
              }),
              userReports: new UserReportIntake({ tenants, userReports: new UserReportStore(resources.pool), events: noEventStore, codec }),
              outcomesTopic: config.OUTCOMES_TOPIC,
            });
          },
        },
      ],
      exports: [AttachmentResources],
    };
  }
}
