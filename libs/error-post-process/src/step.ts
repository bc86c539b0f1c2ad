import type { PoolClient } from 'pg';
import type { PostProcessEvent } from './post-process-event';

/**
 * One post-process step. `run` gets the events not done before and applies
 * the step inside the transaction that records them as done (see
 * StepRunner), so whatever it writes to Postgres commits together with the
 * marker. Effects outside Postgres must be idempotent on their own: they
 * happen before the commit and are repeated if the commit does not happen.
 */
export interface ErrorPostProcessStep {
  readonly name: string;
  /** Which events the step is about (pure, no I/O). */
  applies(event: PostProcessEvent): boolean;
  run(client: PoolClient, events: readonly PostProcessEvent[]): Promise<void>;
}
