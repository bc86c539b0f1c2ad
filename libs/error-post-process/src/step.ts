import type { PostProcessEvent } from './post-process-event';

/**
 * One post-process step, applied to a batch's events at once. The consumer
 * is at-least-once (a redelivered batch, a parked step retried), so `run`
 * must be effectively once by itself; each step says how in its own comment.
 */
export interface ErrorPostProcessStep {
  readonly name: string;
  /** Which events the step is about (pure, no I/O). */
  applies(event: PostProcessEvent): boolean;
  run(events: readonly PostProcessEvent[]): Promise<void>;
}
