import { Module, type DynamicModule } from '@nestjs/common';
import {
  DeferredStepRetrier, defaultRetryPolicy, ErrorPostProcessor, ProcessReplayLink, ProjectEventFlags, StepRunner, UpdateExistingAttachments,
  type ErrorPostProcessStep,
} from '@issuestream/error-post-process';
import { PostProcessResources } from '../post-process-resources';
import type { ErrorsConfig } from './errors.config';
import { ErrorsSchedule } from './errors-schedule';
import { ErrorsStores } from './errors-stores';
import { EventsController } from './events.controller';
import { ReplayLinksController } from './replay-links.controller';

const STEPS = Symbol('error post-process steps');

/** The errors half: the `events` consumer, its steps in the reference's order, and the timers. */
@Module({})
export class ErrorsModule {
  static create(config: ErrorsConfig): DynamicModule {
    return {
      module: ErrorsModule,
      controllers: [EventsController, ReplayLinksController],
      providers: [
        { provide: ErrorsStores, inject: [PostProcessResources], useFactory: (resources: PostProcessResources) => ErrorsStores.open(resources) },
        {
          provide: STEPS,
          inject: [PostProcessResources, ErrorsStores],
          useFactory: (resources: PostProcessResources, stores: ErrorsStores): ErrorPostProcessStep[] => [
            new UpdateExistingAttachments(stores.attachments),
            new ProcessReplayLink(resources.clickhouse),
            new ProjectEventFlags(resources.tenants),
          ],
        },
        {
          provide: StepRunner,
          inject: [PostProcessResources, STEPS],
          useFactory: (resources: PostProcessResources, steps: ErrorPostProcessStep[]) =>
            new StepRunner(resources.pool, steps, {
              ...defaultRetryPolicy,
              attempts: config.POST_PROCESS_STEP_ATTEMPTS,
              initialBackoffMs: config.POST_PROCESS_STEP_BACKOFF_MS,
              maxBackoffMs: config.POST_PROCESS_STEP_MAX_BACKOFF_MS,
              deferredDelayMs: config.POST_PROCESS_DEFERRED_INTERVAL_MS || defaultRetryPolicy.deferredDelayMs,
            }),
        },
        { provide: ErrorPostProcessor, inject: [StepRunner], useFactory: (runner: StepRunner) => new ErrorPostProcessor(runner) },
        {
          provide: DeferredStepRetrier,
          inject: [PostProcessResources, STEPS],
          useFactory: (resources: PostProcessResources, steps: ErrorPostProcessStep[]) => new DeferredStepRetrier(resources.pool, steps),
        },
        {
          provide: ErrorsSchedule,
          inject: [DeferredStepRetrier],
          useFactory: (retrier: DeferredStepRetrier) => new ErrorsSchedule(retrier, config.POST_PROCESS_DEFERRED_INTERVAL_MS),
        },
      ],
    };
  }
}
