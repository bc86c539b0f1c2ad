import { Module, type DynamicModule } from '@nestjs/common';
import { IssueAlertProcessor, IssueAlerts } from '@issuestream/alerts';
import { GroupTypeResolver } from '@issuestream/issue-platform';
import { PostProcessResources } from '../post-process-resources';
import { GenericEventsController } from './generic-events.controller';
import type { GenericEventsConfig } from './generic-events.config';

/** The issue-platform half: the `generic-events` consumer and its alert step (e-mails through alerts/). */
@Module({})
export class GenericEventsModule {
  static create(config: GenericEventsConfig): DynamicModule {
    return {
      module: GenericEventsModule,
      controllers: [GenericEventsController],
      providers: [
        {
          provide: IssueAlertProcessor,
          inject: [PostProcessResources, IssueAlerts],
          useFactory: async (resources: PostProcessResources, alerts: IssueAlerts) =>
            new IssueAlertProcessor({
              pool: resources.pool,
              tenants: resources.tenants,
              types: await GroupTypeResolver.open(resources.pool, { ttlMs: config.GROUP_TYPE_CACHE_TTL_MS }),
              alerts,
              occurrenceWaitMs: config.ALERT_OCCURRENCE_WAIT_MS,
            }),
        },
      ],
    };
  }
}
