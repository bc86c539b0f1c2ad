import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { defaultUpdateWindow, updateUserReportsExclusively, type DeferredStepRetrier, type UpdateUserReportsDeps } from '@issuestream/error-post-process';
import { PeriodicTask } from './periodic-task';

/** The errors half's timers: parked steps retried, and the update_user_reports job. */
@Injectable()
export class ErrorsSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly tasks: PeriodicTask[];

  constructor(retrier: DeferredStepRetrier, job: UpdateUserReportsDeps, intervals: { deferredMs: number; updateUserReportsMs: number }) {
    this.tasks = [
      new PeriodicTask('retry_deferred_steps', intervals.deferredMs, () => retrier.retryDue()),
      new PeriodicTask('update_user_reports', intervals.updateUserReportsMs, () => updateUserReportsExclusively(job, defaultUpdateWindow(new Date()))),
    ];
  }

  onApplicationBootstrap(): void {
    for (const task of this.tasks) task.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.tasks.map((task) => task.stop()));
  }
}
