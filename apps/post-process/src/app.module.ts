import { Module, type DynamicModule } from '@nestjs/common';
import { ObservabilityModule } from '@issuestream/observability';
import type { PostProcessConfig } from './config';
import { AlertsModule } from './alerts/alerts.module';
import { ErrorsModule } from './errors/errors.module';
import { GenericEventsModule } from './generic-events/generic-events.module';
import { SharedResourcesModule } from './shared.module';

/**
 * Wiring only. Each consumed stream is its own module with its own
 * controller (errors/ for `events`, generic-events/ for the issue platform's hand-offs); alerts/ is the
 * rule e-mails both of them queue.
 */
@Module({})
export class PostProcessModule {
  static create(config: PostProcessConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: PostProcessModule,
      imports: [ObservabilityModule, SharedResourcesModule.create(config, env), AlertsModule.create(config), ErrorsModule.create(config), GenericEventsModule.create(config)],
    };
  }
}
