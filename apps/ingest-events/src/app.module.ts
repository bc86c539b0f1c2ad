import { Module, type DynamicModule } from '@nestjs/common';
import { ErrorEventIngestor } from '@issuestream/errors';
import { HealthRegistry, ObservabilityModule } from '@issuestream/observability';
import { createCodec } from '@issuestream/schemas';
import { TenantStore } from '@issuestream/storage';
import type { IngestEventsConfig } from './config';
import { ErrorsController } from './errors.controller';
import { EventsController } from './events.controller';
import { EventResources } from './ingest-resources';

/** Wiring only: config → stores → ingestor → the controller whose @EventPattern consumes ingest-events. */
@Module({})
export class IngestEventsModule {
  static create(config: IngestEventsConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: IngestEventsModule,
      controllers: [ErrorsController, EventsController],
      imports: [ObservabilityModule],
      providers: [
        { provide: EventResources, inject: [HealthRegistry], useFactory: (health: HealthRegistry) => EventResources.open(env, health) },
        {
          provide: ErrorEventIngestor,
          inject: [EventResources],
          useFactory: (resources: EventResources) =>
            new ErrorEventIngestor({
              pool: resources.pool,
              clickhouse: resources.clickhouse,
              tenants: new TenantStore(resources.pool, { cacheTtlMs: config.TENANT_CACHE_TTL_MS }),
              codec: createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL }),
              eventsTopic: config.EVENTSTREAM_TOPIC,
              outcomesTopic: config.OUTCOMES_TOPIC,
            }),
        },
      ],
      exports: [EventResources],
    };
  }
}
