import type { Outcomes } from '@issuestream/schemas';

/** Outcome codes as on the outcomes topic. */
export const Outcome = { ACCEPTED: 0, FILTERED: 1, RATE_LIMITED: 2, INVALID: 3 } as const;
export type OutcomeCode = (typeof Outcome)[keyof typeof Outcome];

/** DataCategory USER_REPORT_V2 ("feedback"). */
export const FEEDBACK_CATEGORY = 14;

/** `2023-03-28T22:53:00.000000Z`: microseconds, as the outcomes consumers expect. */
export function outcomeTimestamp(at: Date): string {
  return `${at.toISOString().slice(0, -1)}000Z`;
}

export interface OutcomeFields {
  at: Date;
  orgId: number | null;
  projectId: number | null;
  outcome: OutcomeCode;
  reason: string | null;
  eventId: string | null;
  /** Which service decided (default ingest-feedback-events). */
  source?: string;
}

export function feedbackOutcome(fields: OutcomeFields): Outcomes.OutcomeInput {
  return {
    timestamp: outcomeTimestamp(fields.at),
    org_id: fields.orgId,
    project_id: fields.projectId,
    key_id: null,
    outcome: fields.outcome,
    reason: fields.reason,
    event_id: fields.eventId,
    category: FEEDBACK_CATEGORY,
    quantity: 1,
    source: fields.source ?? 'ingest-feedback-events',
  };
}
