import type { Outcomes } from '@issuestream/schemas';

export const Outcome = { ACCEPTED: 0, INVALID: 3 } as const;

/** DataCategory ERROR: error and default events. */
export const ERROR_CATEGORY = 1;

export interface ErrorOutcome {
  at: Date;
  orgId: number | null;
  projectId: number | null;
  outcome: (typeof Outcome)[keyof typeof Outcome];
  reason: string | null;
  eventId: string | null;
}

export function errorOutcome(o: ErrorOutcome): Outcomes.OutcomeInput {
  return {
    timestamp: `${o.at.toISOString().slice(0, -1)}000Z`,
    org_id: o.orgId, project_id: o.projectId, key_id: null, outcome: o.outcome, reason: o.reason, event_id: o.eventId,
    category: ERROR_CATEGORY, quantity: 1, source: 'ingest-events',
  };
}
