import { Module, type DynamicModule } from '@nestjs/common';
import { defaultRetryPolicy, ErrorPostProcessor, StepRunner, type ErrorPostProcessStep } from '@issuestream/error-post-process';
import type { ErrorsConfig } from './errors.config';
import { EventsController } from './events.controller';
import { PostProcessResources } from '../post-process-resources';

/** The errors half: the `events` consumer and its steps. */
@Module({})
export class ErrorsModule {
  static create(config: ErrorsConfig): DynamicModule {
    return {
      module: ErrorsModule,
      controllers: [EventsController],
      providers: [
        {
          provide: StepRunner,
          inject: [PostProcessResources],
          useFactory: (resources: PostProcessResources) => {
            const steps: ErrorPostProcessStep[] = [];
            return new StepRunner(resources.pool, steps, {
              ...defaultRetryPolicy,
              attempts: config.POST_PROCESS_STEP_ATTEMPTS,
              initialBackoffMs: config.POST_PROCESS_STEP_BACKOFF_MS,
              maxBackoffMs: config.POST_PROCESS_STEP_MAX_BACKOFF_MS,
            });
          },
        },
        { provide: ErrorPostProcessor, inject: [StepRunner], useFactory: (runner: StepRunner) => new ErrorPostProcessor(runner) },
      ],
    };
  }
}
