import { envInt } from '@issuestream/config';
import { z } from 'zod';

/** Variables of the alert e-mails that both streams (errors, generic-events) queue. */
export const alertsEnvShape = {
  /** Where alert e-mails go out: `smtp://host:port`, `smtps://user:pass@host:465`, … (the local stack's server by default). */
  SMTP_URL: z
    .string()
    .default('smtp://127.0.0.1:2525')
    .refine((url) => /^smtps?:\/\//.test(url), 'expected an smtp:// or smtps:// URL'),
  /** Sender of alert e-mails. */
  ALERT_EMAIL_FROM: z.string().min(3).default('issuestream <alerts@issuestream.local>'),
  /** Address of the web UI that links in alert e-mails point to. */
  ISSUES_BASE_URL: z.string().url('expected a URL').default('http://127.0.0.1:3500'),
  /** First retry delay of an e-mail that could not be sent; doubles per attempt (±20 %) up to the max. */
  ALERT_RETRY_INITIAL_MS: envInt(1000, { min: 1 }),
  ALERT_RETRY_MAX_MS: envInt(300_000, { min: 1 }),
  /** How often the outbox is looked at besides right after e-mails were queued. */
  ALERT_OUTBOX_POLL_MS: envInt(1000, { min: 10 }),
  /** E-mails sent per round. */
  ALERT_OUTBOX_BATCH: envInt(50, { min: 1 }),
  /** How long an e-mail taken by a sender is reserved for it (a sender that dies leaves it to the others after this). */
  ALERT_OUTBOX_LEASE_MS: envInt(120_000, { min: 1000 }),
  /** Connect, greeting and idle-socket timeout of one SMTP attempt. */
  ALERT_SMTP_TIMEOUT_MS: envInt(10_000, { min: 100 }),
} as const;

export type AlertsConfig = z.infer<z.ZodObject<typeof alertsEnvShape>>;
