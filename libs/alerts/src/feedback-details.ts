import type { FeedbackDetails } from './alert-email';

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/**
 * The feedback's fields: message, name and contact e-mail as the occurrence's
 * evidence keeps them; the page URL from the event (the widget's
 * `contexts.feedback.url`, else the request URL).
 */
export function feedbackDetails(evidenceData: Json, event: unknown): FeedbackDetails {
  const stored = asObject(event);
  const feedback = asObject(asObject(stored?.['contexts'])?.['feedback']);
  return {
    message: text(evidenceData['message']) ?? text(feedback?.['message']) ?? '',
    name: text(evidenceData['name']) ?? text(feedback?.['name']),
    contactEmail: text(evidenceData['contact_email']) ?? text(feedback?.['contact_email']),
    url: text(feedback?.['url']) ?? text(asObject(stored?.['request'])?.['url']),
    source: text(evidenceData['source']),
  };
}
