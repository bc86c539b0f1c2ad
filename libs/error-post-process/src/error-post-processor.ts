import type { Events } from '@issuestream/schemas';
import { postProcessMetrics } from './metrics';
import { isPostProcessable, toPostProcessEvent, type PostProcessEvent } from './post-process-event';
import type { StepRunner } from './step-runner';

/** A consumed `events` message: only its value is read. */
export interface EventstreamMessage {
  readonly value: Events.EventsMessage;
}

/**
 * The errors post-process of one batch of the `events` eventstream: each
 * insert reduced to the fields the steps read, then every step over the
 * whole batch, concurrently (one transaction per step and batch, not per
 * event).
 */
export class ErrorPostProcessor {
  constructor(private readonly runner: StepRunner) {}

  async process(batch: readonly EventstreamMessage[]): Promise<void> {
    const events: PostProcessEvent[] = [];
    for (const { value } of batch) {
      if (!isPostProcessable(value)) {
        postProcessMetrics.events.inc({ kind: 'skip_consume' });
        continue;
      }
      const event = toPostProcessEvent(value);
      postProcessMetrics.events.inc({ kind: event.kind });
      events.push(event);
    }
    if (events.length > 0) await this.runner.runAll(events);
  }
}
