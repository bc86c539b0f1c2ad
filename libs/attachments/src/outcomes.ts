import type { Outcomes } from '@issuestream/schemas';

export const Outcome = { ACCEPTED: 0, RATE_LIMITED: 2, INVALID: 3 } as const;
export type AttachmentOutcomeCode = (typeof Outcome)[keyof typeof Outcome];

/** DataCategory ATTACHMENT: the quantity is bytes. */
export const ATTACHMENT_CATEGORY = 4;

export interface AttachmentOutcome {
  readonly at: Date;
  readonly orgId: number;
  readonly projectId: number;
  readonly eventId: string;
  readonly outcome: AttachmentOutcomeCode;
  readonly reason: string | null;
  /** Bytes; an empty attachment counts as 1, as in the reference. */
  readonly size: number;
}

export function attachmentOutcome(o: AttachmentOutcome): Outcomes.OutcomeInput {
  return {
    timestamp: `${o.at.toISOString().slice(0, -1)}000Z`,
    org_id: o.orgId,
    project_id: o.projectId,
    key_id: null,
    outcome: o.outcome,
    reason: o.reason,
    event_id: o.eventId,
    category: ATTACHMENT_CATEGORY,
    quantity: Math.max(o.size, 1),
    source: 'ingest-attachments',
  };
}
