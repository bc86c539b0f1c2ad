import { z } from 'zod';
import { defineOption, type AnyOptionDefinition } from './define-option';

// Options the reference specs name, with the reference's defaults
// (spec-feedback §11, spec-issue-platform §4.2 and §6). Keys keep the
// reference's spelling so operators can carry settings over.

/** Longest feedback message accepted; longer ones are filtered as too large (spec-feedback §2.1). */
export const FEEDBACK_MESSAGE_MAX_SIZE = defineOption({
  key: 'feedback.message.max-size',
  scope: 'global',
  schema: z.number().int().positive(),
  default: 4096,
  description: 'longest feedback message accepted, in characters',
});

/**
 * Organisation slugs whose feedback is dropped at ingest. Server-wide in the
 * reference (one list of slugs, not a per-organisation switch), so it is a
 * global option here too; compare it with `ProjectInfo.organization.slug`.
 */
export const FEEDBACK_ORGANIZATION_SLUG_DENYLIST = defineOption({
  key: 'feedback.organizations.slug-denylist',
  scope: 'global',
  schema: z.array(z.string()),
  default: [] as string[],
  description: 'organisation slugs whose feedback is filtered at ingest',
});

export const FEEDBACK_FILTER_GARBAGE_MESSAGES = defineOption({
  key: 'feedback.filter_garbage_messages',
  scope: 'global',
  schema: z.boolean(),
  default: false,
  description: 'filter empty and Unreal-unattended user report comments',
});

/** One half of the spam gate; the other half is the organizations:user-feedback-spam-ingest flag. */
export const FEEDBACK_AI_SPAM_DETECTION = defineOption({
  key: 'sentry:feedback_ai_spam_detection',
  scope: 'project',
  schema: z.boolean(),
  default: true,
  description: 'run spam detection on this project’s feedback (when the org flag allows it)',
});

/**
 * The reference defaults this to true only for projects created in option
 * epoch 12 or later; every project here is "new", so the default is true.
 */
export const FEEDBACK_USER_REPORT_NOTIFICATIONS = defineOption({
  key: 'sentry:feedback_user_report_notifications',
  scope: 'project',
  schema: z.boolean(),
  default: true,
  description: 'notify on feedback from user reports and the crash-report embed',
});

export const PROJECT_ALLOWED_ORIGINS = defineOption({
  key: 'sentry:origins',
  scope: 'project',
  schema: z.array(z.string().min(1)),
  default: ['*'],
  description: 'origins allowed to submit through the browser endpoints',
});

/** Hours without a new event after which an issue auto-resolves; 0 switches auto-resolve off (our default). */
export const PROJECT_RESOLVE_AGE = defineOption({
  key: 'sentry:resolve_age',
  scope: 'project',
  schema: z.number().int().min(0),
  default: 0,
  description: 'hours of inactivity before an issue is auto-resolved (0 = never)',
});

export const OCCURRENCE_RATE_LIMIT_ENABLED = defineOption({
  key: 'issues.occurrence-consumer.rate-limit.enabled',
  scope: 'global',
  schema: z.boolean(),
  default: false,
  description: 'per-fingerprint rate limit in the occurrence consumer',
});

export const OCCURRENCE_RATE_LIMIT_QUOTA = defineOption({
  key: 'issues.occurrence-consumer.rate-limit.quota',
  scope: 'global',
  schema: z
    .object({
      window_seconds: z.number().int().positive(),
      granularity_seconds: z.number().int().positive(),
      limit: z.number().int().positive(),
    })
    .strict(),
  default: { window_seconds: 3600, granularity_seconds: 60, limit: 1000 },
  description: 'quota of the per-fingerprint occurrence rate limit',
});

/** Attachments one project may store per second; more get a RATE_LIMITED outcome (spec-attachments-errors §1.6). */
export const ATTACHMENT_PROJECT_PER_SECOND_LIMIT = defineOption({
  key: 'sentry.save-event-attachments.project-per-sec-limit',
  scope: 'global',
  schema: z.number().int().min(0),
  default: 100,
  description: 'attachments stored per project per second',
});

/** Attachments one project may store per 5 minutes (checked after the per-second limit). */
export const ATTACHMENT_PROJECT_PER_5_MINUTE_LIMIT = defineOption({
  key: 'sentry.save-event-attachments.project-per-5-minute-limit',
  scope: 'global',
  schema: z.number().int().min(0),
  default: 2000,
  description: 'attachments stored per project per 5 minutes',
});

/** Every predefined option, for lookups by key (the admin CLI). No organisation-scope option is predefined: the specs name none. */
export const KNOWN_OPTIONS: readonly AnyOptionDefinition[] = Object.freeze([
  FEEDBACK_MESSAGE_MAX_SIZE,
  FEEDBACK_ORGANIZATION_SLUG_DENYLIST,
  FEEDBACK_FILTER_GARBAGE_MESSAGES,
  FEEDBACK_AI_SPAM_DETECTION,
  FEEDBACK_USER_REPORT_NOTIFICATIONS,
  PROJECT_ALLOWED_ORIGINS,
  PROJECT_RESOLVE_AGE,
  OCCURRENCE_RATE_LIMIT_ENABLED,
  OCCURRENCE_RATE_LIMIT_QUOTA,
  ATTACHMENT_PROJECT_PER_SECOND_LIMIT,
  ATTACHMENT_PROJECT_PER_5_MINUTE_LIMIT,
]);

export function findKnownOption(key: string): AnyOptionDefinition | undefined {
  return KNOWN_OPTIONS.find((option) => option.key === key);
}
