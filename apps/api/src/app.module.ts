import { Module, type DynamicModule } from '@nestjs/common';
import { HealthRegistry, ObservabilityModule } from '@issuestream/observability';
import { ApiResources } from './api-resources';
import { AttachmentsController } from './attachments/attachments.controller';
import { OrgTokenGuard } from './auth/org-token.guard';
import type { ApiConfig } from './config';
import { ErrorPageController } from './error-page.controller';
import { ReportIntake, reportedEventsProvider } from './report-intake';
import { statsControllers, statsProviders } from './stats';
import { API_CONFIG } from './tokens';
import { UserFeedbackController } from './user-feedback.controller';

/** Wiring only: config → stores, blob store and producer → the user-feedback, crash-report and attachment endpoints. */
@Module({})
export class ApiModule {
  static create(config: ApiConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: ApiModule,
      imports: [ObservabilityModule],
      controllers: [UserFeedbackController, ErrorPageController, AttachmentsController, ...statsControllers],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: ApiResources, inject: [HealthRegistry], useFactory: (health: HealthRegistry) => ApiResources.open(config, env, health) },
        reportedEventsProvider,
        ReportIntake,
        OrgTokenGuard,
        ...statsProviders(env),
      ],
    };
  }
}
