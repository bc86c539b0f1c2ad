import { Module, type DynamicModule } from '@nestjs/common';
import { errorStoreEventLookup, unknownSpamDetector, type SpamDetector } from '@issuestream/feedback';
import { HealthRegistry, ObservabilityModule } from '@issuestream/observability';
import { createCodec } from '@issuestream/schemas';
import { TenantStore } from '@issuestream/storage';
import { UserReportStore } from '@issuestream/user-reports-data';
import type { IngestFeedbackConfig } from './config';
import { FeedbackController } from './feedback.controller';
import { FeedbackIngestor } from './feedback-ingestor';
import { FeedbackResources } from './feedback-resources';

/** The manifest, plus the input, occurrence and outcome topics when a deployment renames them. */
export interface IngestFeedbackOptions {
  /** Classifies messages when spam detection is on for a project; default: always "unknown". */
  spamDetector?: SpamDetector;
}

/** Wiring only: config → tenant and user-report stores, the errors-store event lookup → ingestor → the controller whose @EventPattern consumes ingest-feedback-events. */
@Module({})
export class IngestFeedbackModule {
  static create(config: IngestFeedbackConfig, env: NodeJS.ProcessEnv = process.env, options: IngestFeedbackOptions = {}): DynamicModule {
    const codec = createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL });
    return {
      module: IngestFeedbackModule,
      imports: [ObservabilityModule],
      controllers: [FeedbackController],
      providers: [
        { provide: FeedbackResources, inject: [HealthRegistry], useFactory: (health: HealthRegistry) => FeedbackResources.open(env, health) },
        {
          provide: FeedbackIngestor,
          inject: [FeedbackResources],
          useFactory: (resources: FeedbackResources) => {
            const tenants = new TenantStore(resources.pool, { cacheTtlMs: config.TENANT_CACHE_TTL_MS });
            return new FeedbackIngestor({
              tenants,
              userReports: new UserReportStore(resources.pool),
              events: errorStoreEventLookup(resources.pool, tenants),
              codec,
              occurrencesTopic: config.OCCURRENCES_TOPIC,
              outcomesTopic: config.OUTCOMES_TOPIC,
              spamDetector: options.spamDetector ?? unknownSpamDetector,
            });
          },
        },
      ],
      exports: [FeedbackResources],
    };
  }
}
