import { Module, type DynamicModule } from '@nestjs/common';
import { HealthRegistry, ObservabilityModule } from '@issuestream/observability';
import { ApiResources } from './api-resources';
import { AttachmentsController } from './attachments/attachments.controller';
import { OrgTokenGuard } from './auth/org-token.guard';
import { InboxController } from './inbox/inbox.controller';
import { IssueResources } from './issues/issue-resources';
import { IssuesController } from './issues/issues.controller';
import type { ApiConfig } from './config';
import { ErrorPageController } from './error-page.controller';
import { ReportIntake, reportedEventsProvider } from './report-intake';
import { statsControllers, statsProviders } from './stats';
import { API_CONFIG } from './tokens';
import { UserFeedbackController } from './user-feedback.controller';

/** Wiring only: config → stores, blob store and producer → the user-feedback, crash-report and attachment endpoints, SDK heartbeat and stats, the issues API and the feedback inbox. */
@Module({})
export class ApiModule {
  static create(config: ApiConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: ApiModule,
      imports: [ObservabilityModule],
      controllers: [UserFeedbackController, ErrorPageController, AttachmentsController, IssuesController, InboxController, ...statsControllers],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: ApiResources, inject: [HealthRegistry], useFactory: (health: HealthRegistry) => ApiResources.open(config, env, health) },
        reportedEventsProvider,
        ReportIntake,
        OrgTokenGuard,
        ...statsProviders(env),
        { provide: IssueResources, inject: [ApiResources], useFactory: (api: ApiResources) => IssueResources.open(api, config, env) },
      ],
    };
  }
}
