import type { Pool } from 'pg';
import { createLogger } from '@issuestream/observability';
import { clearDeferredStep, countDeferredSteps, lockDueSteps, rescheduleStep } from '@issuestream/post-process-data';
import { withTransaction } from '@issuestream/storage';
import { postProcessMetrics } from './metrics';
import type { PostProcessEvent } from './post-process-event';
import type { ErrorPostProcessStep } from './step';
import { errorText } from './step-runner';

const log = createLogger('error-post-process');

export interface DeferredRetryOptions {
  /** Parked steps looked at per pass. */
  readonly batchSize: number;
  /** First delay after a failed retry; doubles per attempt up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const defaultDeferredRetry: DeferredRetryOptions = { batchSize: 100, baseDelayMs: 30_000, maxDelayMs: 3_600_000 };

/**
 * Retries parked steps one event at a time (a step that failed for a whole
 * batch may fail for one poisonous event only). A success removes the row;
 * a failure pushes its next attempt out exponentially. Rows are locked while
 * retried, so instances of the app never retry the same one together.
 */
export class DeferredStepRetrier {
  private readonly byName: ReadonlyMap<string, ErrorPostProcessStep>;

  constructor(
    private readonly pool: Pool,
    steps: readonly ErrorPostProcessStep[],
    private readonly options: DeferredRetryOptions = defaultDeferredRetry,
  ) {
    this.byName = new Map(steps.map((step) => [step.name, step]));
  }

  /** One pass over the due rows; returns how many were retried successfully. */
  async retryDue(now = new Date()): Promise<number> {
    const done = await withTransaction(this.pool, async (client) => {
      const due = await lockDueSteps<PostProcessEvent>(client, now, this.options.batchSize);
      let succeeded = 0;
      for (const item of due) {
        const step = this.byName.get(item.step);
        try {
          if (!step) throw new Error(`no step named ${item.step}`);
          await step.run([item.event]);
          await clearDeferredStep(client, item);
          postProcessMetrics.stepApplied.inc({ step: item.step });
          succeeded++;
        } catch (error) {
          postProcessMetrics.stepFailures.inc({ step: item.step });
          const delay = Math.min(this.options.baseDelayMs * 2 ** item.attempts, this.options.maxDelayMs);
          await rescheduleStep(client, item, errorText(error), new Date(now.getTime() + delay));
          log.warn('parked post-process step failed again', { step: item.step, projectId: item.projectId, eventId: item.eventId, attempts: item.attempts + 1, error: errorText(error) });
        }
      }
      return succeeded;
    });
    await this.refreshGauge();
    return done;
  }

  private async refreshGauge(): Promise<void> {
    const counts = await countDeferredSteps(this.pool);
    for (const name of this.byName.keys()) postProcessMetrics.deferredPending.set({ step: name }, counts.get(name) ?? 0);
  }
}
