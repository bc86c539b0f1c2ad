import type { JsonObject } from '@issuestream/schemas';

/** What the Unreal SDK sends when a crash report was submitted without a user. */
export const UNREAL_FEEDBACK_UNATTENDED_MESSAGE = 'Sent in the unattended mode';

export const DEFAULT_FEEDBACK_MESSAGE_MAX_SIZE = 4096;

export type FeedbackFilterReason = 'missing_context' | 'unreal.unattended' | 'empty' | 'too_large' | 'invalid_associated_event_id';

export const FEEDBACK_FILTER_REASONS: readonly FeedbackFilterReason[] = ['missing_context', 'unreal.unattended', 'empty', 'too_large', 'invalid_associated_event_id'];

const UUID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\{[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}|urn:uuid:[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12})$/i;

export function isUuid(value: unknown): boolean {
  return typeof value === 'string' && UUID.test(value.trim());
}

const asObject = (value: unknown): JsonObject | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;

/** `contexts.feedback` of an event when it is an object. */
export function feedbackContext(event: JsonObject): JsonObject | undefined {
  return asObject(asObject(event['contexts'])?.['feedback']);
}

export interface FilterOptions {
  /** Option `feedback.message.max-size`; default 4096. */
  maxMessageSize?: number;
}

/**
 * The checks of the reference's feedback filter, in its order; the first that
 * applies is the reason. `null` means the feedback is kept.
 */
export function filterFeedback(event: JsonObject, options: FilterOptions = {}): FeedbackFilterReason | null {
  const maxSize = options.maxMessageSize ?? DEFAULT_FEEDBACK_MESSAGE_MAX_SIZE;
  const feedback = feedbackContext(event);
  const message = feedback?.['message'];
  if (feedback === undefined || message === undefined || message === null) return 'missing_context';
  const text = typeof message === 'string' ? message : String(message);
  if (text === UNREAL_FEEDBACK_UNATTENDED_MESSAGE) return 'unreal.unattended';
  if (text.trim() === '') return 'empty';
  if (text.length > maxSize) return 'too_large';
  const associated = feedback['associated_event_id'];
  if (associated !== undefined && associated !== null && associated !== '' && !isUuid(associated)) return 'invalid_associated_event_id';
  return null;
}
