import { envInt } from '@issuestream/config';
import { z } from 'zod';

/** Variables of the errors post-process (the `events` eventstream and the update_user_reports job). */
export const errorsEnvShape = {
  /** The errors eventstream ingest-events writes. */
  EVENTSTREAM_TOPIC: z.string().min(1).default('events'),
  /** Where user reports turned into feedback go, as occurrences. */
  OCCURRENCES_TOPIC: z.string().min(1).default('ingest-occurrences'),
  /** The outcome of each such feedback (ACCEPTED, or INVALID with the filter's reason). */
  OUTCOMES_TOPIC: z.string().min(1).default('outcomes'),
  /** How often the update_user_reports job links reports whose event came without linking them (15 minutes as in the reference; 0: only as a command). */
  UPDATE_USER_REPORTS_INTERVAL_MS: envInt(900000, { min: 0 }),
  /** Attempts of a failing step within one batch before its events are parked for a later retry. */
  POST_PROCESS_STEP_ATTEMPTS: envInt(4, { min: 1 }),
  POST_PROCESS_STEP_BACKOFF_MS: envInt(200, { min: 0 }),
  POST_PROCESS_STEP_MAX_BACKOFF_MS: envInt(5000, { min: 0 }),
  /** How often parked steps are looked at (0 turns the retrier off). */
  POST_PROCESS_DEFERRED_INTERVAL_MS: envInt(30000, { min: 0 }),
} as const;

export type ErrorsConfig = z.infer<z.ZodObject<typeof errorsEnvShape>>;
