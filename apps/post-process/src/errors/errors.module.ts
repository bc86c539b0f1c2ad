import { Module, type DynamicModule } from '@nestjs/common';
import {
  DeferredStepRetrier, defaultRetryPolicy, ErrorPostProcessor, LinkEventToUserReport, ProcessReplayLink, ProcessRules, ProjectEventFlags, StepRunner,
  UpdateExistingAttachments, type ErrorPostProcessStep,
} from '@issuestream/error-post-process';
import { IssueAlerts } from '@issuestream/alerts';
import { PostProcessResources } from '../post-process-resources';
import type { ErrorsConfig } from './errors.config';
import { ErrorsSchedule } from './errors-schedule';
import { ErrorsStores } from './errors-stores';
import { EventsController } from './events.controller';
import { ReplayLinksController } from './replay-links.controller';
import { UserReportLinking } from './user-report-linking';

const STEPS = Symbol('error post-process steps');

/** The errors half: the `events` consumer, its steps (the reference's, run concurrently: see StepRunner), and the timers. */
@Module({})
export class ErrorsModule {
  static create(config: ErrorsConfig): DynamicModule {
    return {
      module: ErrorsModule,
      controllers: [EventsController, ReplayLinksController],
      providers: [
        { provide: ErrorsStores, inject: [PostProcessResources], useFactory: (resources: PostProcessResources) => ErrorsStores.open(resources) },
        { provide: UserReportLinking, inject: [PostProcessResources], useFactory: (resources: PostProcessResources) => UserReportLinking.create(resources, config) },
        {
          provide: STEPS,
          inject: [PostProcessResources, ErrorsStores, UserReportLinking, IssueAlerts],
          useFactory: (resources: PostProcessResources, stores: ErrorsStores, linking: UserReportLinking, alerts: IssueAlerts): ErrorPostProcessStep[] => [
            new UpdateExistingAttachments(stores.attachments),
            new ProcessReplayLink(resources.clickhouse),
            new LinkEventToUserReport({ pool: resources.pool, tenants: resources.tenants, shim: linking.shim }),
            new ProjectEventFlags(resources.tenants),
            new ProcessRules(alerts),
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
          inject: [DeferredStepRetrier, UserReportLinking],
          useFactory: (retrier: DeferredStepRetrier, linking: UserReportLinking) =>
            new ErrorsSchedule(retrier, linking.job, { deferredMs: config.POST_PROCESS_DEFERRED_INTERVAL_MS, updateUserReportsMs: config.UPDATE_USER_REPORTS_INTERVAL_MS }),
        },
      ],
      exports: [UserReportLinking],
    };
  }
}
