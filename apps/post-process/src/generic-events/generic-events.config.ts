import { envInt } from '@issuestream/config';
import { z } from 'zod';

/** Variables of the issue-platform post-process (`generic-events`); its e-mails are configured in alerts/. */
export const genericEventsEnvShape = {
  /** The hand-offs ingest-occurrences writes (same variable as there). */
  POST_PROCESS_TOPIC: z.string().min(1).default('generic-events'),
  /** How long a hand-off whose occurrence is not readable yet is retried before it is given up. */
  ALERT_OCCURRENCE_WAIT_MS: envInt(60_000, { min: 0 }),
  /** How long the shared group-type registry is reused (as in ingest-occurrences). */
  GROUP_TYPE_CACHE_TTL_MS: envInt(5000, { min: 0 }),
} as const;

export type GenericEventsConfig = z.infer<z.ZodObject<typeof genericEventsEnvShape>>;
