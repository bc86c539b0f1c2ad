import { Global, Module, type DynamicModule } from '@nestjs/common';
import { IssueAlerts, IssueLinks } from '@issuestream/alerts';
import { ALERT_MIGRATIONS_TABLE, alertMigrations } from '@issuestream/alerts-data';
import { issueMigrations } from '@issuestream/issues-data';
import { migrate } from '@issuestream/storage';
import { PostProcessResources } from '../post-process-resources';
import { AlertSender } from './alert-sender';
import type { AlertsConfig } from './alerts.config';

/** Alert rules and their e-mail outbox, shared by both streams: `IssueAlerts` queues, the `AlertSender` sends. */
@Global()
@Module({})
export class AlertsModule {
  static create(config: AlertsConfig): DynamicModule {
    return {
      module: AlertsModule,
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
          provide: IssueAlerts,
          inject: [PostProcessResources, AlertSender],
          useFactory: (resources: PostProcessResources, alertSender: AlertSender) =>
            new IssueAlerts({
              pool: resources.pool,
              tenants: resources.tenants,
              links: new IssueLinks(config.ISSUES_BASE_URL),
              onQueued: () => alertSender.sender.wake(),
            }),
        },
      ],
      exports: [IssueAlerts],
    };
  }
}
