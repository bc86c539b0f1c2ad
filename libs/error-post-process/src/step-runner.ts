import type { Pool } from 'pg';
import { createLogger } from '@issuestream/observability';
import { claimStep, deferSteps, eventKey } from '@issuestream/post-process-data';
import { withTransaction } from '@issuestream/storage';
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
export const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Runs steps in order, each isolated from the others. The reference runs
 * post-process at most once (it deletes a cache key first) and lets a failed
 * step go; here every step is effectively once: a (project, event, step)
 * marker is inserted in the same transaction as the step's effect, so a
 * redelivered message skips what was committed and redoes what was not.
 * A failing step is retried with backoff; if it still fails, its events are
 * parked in post_process_deferred (retried later by the deferred-step
 * retrier) and the next step runs, so one broken step holds up neither the
 * others nor the partition. Only a failure to park (Postgres down) fails the
 * batch, which the consumer runtime then retries.
 */
export class StepRunner {
  constructor(
    private readonly pool: Pool,
    private readonly steps: readonly ErrorPostProcessStep[],
    private readonly retry: RetryPolicy = defaultRetryPolicy,
  ) {}

  async runAll(events: readonly PostProcessEvent[]): Promise<void> {
    for (const step of this.steps) {
      const targets = events.filter((event) => step.applies(event));
      if (targets.length > 0) await this.runWithRetries(step, targets);
    }
  }

  /** Applies one step to events not done yet for it; throws when the step fails. */
  async runOnce(step: ErrorPostProcessStep, events: readonly PostProcessEvent[]): Promise<void> {
    const applied = await withTransaction(this.pool, async (client) => {
      const pending = await claimStep(client, step.name, events);
      const todo = events.filter((event) => pending.has(eventKey(event)));
      if (todo.length > 0) await step.run(client, todo);
      return todo.length;
    });
    postProcessMetrics.stepApplied.inc({ step: step.name }, applied);
    postProcessMetrics.stepSkipped.inc({ step: step.name }, events.length - applied);
  }

  private async runWithRetries(step: ErrorPostProcessStep, events: readonly PostProcessEvent[]): Promise<void> {
    let backoff = this.retry.initialBackoffMs;
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      try {
        await this.runOnce(step, unique(events));
        return;
      } catch (error) {
        lastError = error;
        postProcessMetrics.stepFailures.inc({ step: step.name });
        log.warn('post-process step failed', { step: step.name, attempt, events: events.length, error: describe(error) });
        if (attempt < this.retry.attempts) {
          await sleep(backoff * (0.5 + Math.random() / 2));
          backoff = Math.min(backoff * 2, this.retry.maxBackoffMs);
        }
      }
    }
    const parked = unique(events);
    await deferSteps(this.pool, step.name, parked.map((event) => ({ projectId: event.projectId, eventId: event.eventId, event })), describe(lastError), new Date(Date.now() + this.retry.deferredDelayMs));
    postProcessMetrics.stepDeferred.inc({ step: step.name }, parked.length);
    log.error('post-process step parked for a later retry', { step: step.name, events: parked.length, error: describe(lastError) });
  }
}

/** One event per (project, event id): a batch may carry the same insert twice (a resend). */
function unique(events: readonly PostProcessEvent[]): PostProcessEvent[] {
  const byKey = new Map<string, PostProcessEvent>();
  for (const event of events) byKey.set(eventKey(event), event);
  return [...byKey.values()];
}
