import { Module, type DynamicModule } from '@nestjs/common';
import { IssueAlertProcessor, IssueAlerts, IssueLinks } from '@issuestream/alerts';
import { ALERT_MIGRATIONS_TABLE, alertMigrations } from '@issuestream/alerts-data';
import { GroupTypeResolver } from '@issuestream/issue-platform';
import { issueMigrations } from '@issuestream/issues-data';
import { migrate } from '@issuestream/storage';
import { PostProcessResources } from '../post-process-resources';
import { AlertSender } from './alert-sender';
import { GenericEventsController } from './generic-events.controller';
import type { GenericEventsConfig } from './generic-events.config';

/** The issue-platform half: the `generic-events` consumer, its alert step and the e-mail outbox sender. */
@Module({})
export class GenericEventsModule {
  static create(config: GenericEventsConfig): DynamicModule {
    return {
      module: GenericEventsModule,
      controllers: [GenericEventsController],
      providers: [
        {
          provide: AlertSender,
          inject: [PostProcessResources],
          useFactory: async (resources: PostProcessResources) => {
            // The alert tables are ours; the nodestore (occurrence bodies) is ingest-occurrences', migrated here
            // too so either app may start first (both migrations are idempotent and take an advisory lock).
            await migrate(resources.pool, issueMigrations, { table: 'issue_migrations' });
            await migrate(resources.pool, alertMigrations, { table: ALERT_MIGRATIONS_TABLE });
            return new AlertSender(resources.pool, config);
          },
        },
        {
          provide: IssueAlertProcessor,
          inject: [PostProcessResources, AlertSender],
          useFactory: async (resources: PostProcessResources, alertSender: AlertSender) =>
            new IssueAlertProcessor({
              pool: resources.pool,
              tenants: resources.tenants,
              types: await GroupTypeResolver.open(resources.pool, { ttlMs: config.GROUP_TYPE_CACHE_TTL_MS }),
              alerts: new IssueAlerts({
                pool: resources.pool,
                tenants: resources.tenants,
                links: new IssueLinks(config.ISSUES_BASE_URL),
                onQueued: () => alertSender.sender.wake(),
              }),
              occurrenceWaitMs: config.ALERT_OCCURRENCE_WAIT_MS,
            }),
        },
      ],
    };
  }
}
