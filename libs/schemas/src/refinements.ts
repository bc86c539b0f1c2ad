/**
 * Rules a schema cannot express, checked after the value conforms to the
 * schema (so the shapes below can be trusted). Keep them few: each is part of
 * the contract and applies to every encoding.
 */
import type { ValidationIssue } from './errors';
import type { Topic } from './generated/index.generated';
import { isJsonObject } from './json';

export type Refinement = (record: Record<string, unknown>) => ValidationIssue[];

const PAYLOAD_FIELDS = ['chunks', 'data', 'stored_id'] as const;

/** Relay's attachment object carries its content in exactly one way. */
function attachmentPayload(attachment: unknown, path: string, issues: ValidationIssue[]): void {
  if (!isJsonObject(attachment)) return;
  const set = PAYLOAD_FIELDS.filter(
    (name) => attachment[name] !== null && attachment[name] !== undefined,
  );
  if (set.length !== 1) {
    issues.push({
      path,
      message: `exactly one of chunks, data, stored_id must be set (found ${set.length ? set.join(', ') : 'none'})`,
    });
  }
}

function eventAttachments(record: Record<string, unknown>, issues: ValidationIssue[]): void {
  const attachments = record['attachments'];
  if (!Array.isArray(attachments)) return;
  attachments.forEach((attachment, i) =>
    attachmentPayload(attachment, `attachments[${i}]`, issues),
  );
}

const eventMessage: Refinement = (record) => {
  const issues: ValidationIssue[] = [];
  eventAttachments(record, issues);
  return issues;
};

export const REFINEMENTS: { readonly [T in Topic]?: Refinement } = {
  'ingest-events': eventMessage,
  'ingest-feedback-events': eventMessage,
  'ingest-attachments': (record) => {
    const issues: ValidationIssue[] = [];
    if (record['type'] === 'event') eventAttachments(record, issues);
    else if (record['type'] === 'attachment')
      attachmentPayload(record['attachment'], 'attachment', issues);
    return issues;
  },
  'ingest-occurrences': (record) => {
    // A missing payload_type means occurrence (encode() sees records before defaults apply).
    if (record['payload_type'] === 'status_change' || typeof record['event_id'] === 'string')
      return [];
    const event = record['event'];
    if (isJsonObject(event) && typeof event['event_id'] === 'string') return [];
    return [
      {
        path: 'event_id',
        message: 'required unless an inline event with a string event_id is given',
      },
    ];
  },
};
