import type { Pool } from 'pg';
import { createLogger } from '@issuestream/observability';
import { deferSteps } from '@issuestream/post-process-data';
import { postProcessMetrics } from './metrics';
import type { PostProcessEvent } from './post-process-event';
import type { ErrorPostProcessStep } from './step';

const log = createLogger('error-post-process');

export interface RetryPolicy {
  /** Attempts of a step for one batch before its events are parked. */
  readonly attempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** When a parked step is first retried. */
  readonly deferredDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 4, initialBackoffMs: 200, maxBackoffMs: 5000, deferredDelayMs: 30_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Runs the steps over a batch, each isolated from the others: the reference
 * wraps every step in its own try/except and lets a failure go (at most
 * once). Here a failing step is retried with backoff; if it still fails, its
 * events are parked in post_process_deferred (retried later by
 * DeferredStepRetrier), so one broken step holds up neither the others nor
 * the partition, and no step is skipped for good.
 *
 * The steps run concurrently: the reference's order carries no dependency
 * between them. Each reads only the eventstream insert (never another
 * step's output) and writes its own store: attachments, replay links
 * (ClickHouse), user reports with their feedback shim, project flags. The
 * batch's time is then its slowest step, not their sum.
 * Only a failure to park (Postgres down) fails the batch, which the consumer
 * runtime retries as a whole; the steps that had run are effectively once,
 * so running them again changes nothing.
 */
export class StepRunner {
  constructor(
    private readonly pool: Pool,
    readonly steps: readonly ErrorPostProcessStep[],
    private readonly retry: RetryPolicy = defaultRetryPolicy,
  ) {}

  async runAll(events: readonly PostProcessEvent[]): Promise<void> {
    const outcomes = await Promise.allSettled(
      this.steps.map((step) => {
        const targets = events.filter((event) => step.applies(event));
        return targets.length > 0 ? this.runWithRetries(step, targets) : Promise.resolve();
      }),
    );
    // Every step has settled before the batch fails, so its retry never overlaps a step still running.
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async runWithRetries(step: ErrorPostProcessStep, events: readonly PostProcessEvent[]): Promise<void> {
    let backoff = this.retry.initialBackoffMs;
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      try {
        const stopTimer = postProcessMetrics.stepSeconds.startTimer({ step: step.name });
        await step.run(events);
        stopTimer();
        postProcessMetrics.stepApplied.inc({ step: step.name }, events.length);
        return;
      } catch (error) {
        lastError = error;
        postProcessMetrics.stepFailures.inc({ step: step.name });
        log.warn('post-process step failed', { step: step.name, attempt, events: events.length, error: errorText(error) });
        if (attempt < this.retry.attempts) {
          await sleep(backoff * (0.5 + Math.random() / 2));
          backoff = Math.min(backoff * 2, this.retry.maxBackoffMs);
        }
      }
    }
    await deferSteps(this.pool, step.name, events.map((event) => ({ projectId: event.projectId, eventId: event.eventId, event })), errorText(lastError), new Date(Date.now() + this.retry.deferredDelayMs));
    postProcessMetrics.stepDeferred.inc({ step: step.name }, events.length);
    log.error('post-process step parked for a later retry', { step: step.name, events: events.length, error: errorText(lastError) });
  }
}
