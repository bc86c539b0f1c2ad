import type { EvidenceInput } from '@issuestream/issue-platform';
import type { JsonObject, JsonValue } from '@issuestream/schemas';
import type { FeedbackCreationSource } from './source';

export interface EvidenceInputs {
  feedback: JsonObject;
  source: FeedbackCreationSource;
  isSpam: boolean | null;
  spamDetectionEnabled: boolean;
  /** The truncated title without the "User Feedback: " prefix. */
  summary: string;
}

const COPIED = ['associated_event_id', 'contact_email', 'message', 'name'] as const;

const truthy = (value: unknown): boolean => value !== undefined && value !== null && value !== '' && value !== false && value !== 0;
const pyBool = (value: boolean): string => (value ? 'True' : 'False');

/** evidence_data: the submitted fields that are set, plus source, spam verdict, whether spam detection ran, and the summary. */
export function feedbackEvidenceData(input: EvidenceInputs): JsonObject {
  const data: JsonObject = {};
  for (const key of COPIED) if (truthy(input.feedback[key])) data[key] = input.feedback[key] as JsonValue;
  data['source'] = input.source;
  data['is_spam'] = input.isSpam;
  data['spam_detection_enabled'] = input.spamDetectionEnabled;
  data['summary'] = input.summary;
  return data;
}

/** evidence_display: the submitted fields (message important), is_spam only when detection is on, and spam_detection_enabled; never source. */
export function feedbackEvidenceDisplay(input: EvidenceInputs): EvidenceInput[] {
  const display: EvidenceInput[] = [];
  for (const key of COPIED) {
    const value = input.feedback[key];
    if (truthy(value)) display.push({ name: key, value: typeof value === 'string' ? value : JSON.stringify(value), important: key === 'message' });
  }
  if (input.spamDetectionEnabled) display.push({ name: 'is_spam', value: input.isSpam === null ? 'error' : pyBool(input.isSpam), important: false });
  display.push({ name: 'spam_detection_enabled', value: pyBool(input.spamDetectionEnabled), important: false });
  return display;
}
