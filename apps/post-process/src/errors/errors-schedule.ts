import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DeferredStepRetrier } from '@issuestream/error-post-process';
import { PeriodicTask } from './periodic-task';

/** The errors half's timers: parked steps retried. */
@Injectable()
export class ErrorsSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly tasks: PeriodicTask[];

  constructor(retrier: DeferredStepRetrier, deferredIntervalMs: number) {
    this.tasks = [new PeriodicTask('retry_deferred_steps', deferredIntervalMs, () => retrier.retryDue())];
  }

  onApplicationBootstrap(): void {
    for (const task of this.tasks) task.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.tasks.map((task) => task.stop()));
  }
}
