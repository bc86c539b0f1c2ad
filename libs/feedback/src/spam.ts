export type SpamVerdict = 'spam' | 'not_spam' | 'unknown';

/** Classifies a feedback message; the reference asks Seer (or an LLM). */
export interface SpamDetector {
  classify(message: string): SpamVerdict | Promise<SpamVerdict>;
}

/** The default: no classifier available, so every verdict is unknown (is_spam null). */
export const unknownSpamDetector: SpamDetector = { classify: () => 'unknown' };

export const FEEDBACK_SPAM_INGEST_FLAG = 'organizations:user-feedback-spam-ingest';

/** Flag `organizations:user-feedback-spam-ingest` AND project option `sentry:feedback_ai_spam_detection`. */
export function spamDetectionEnabled(orgFlags: ReadonlySet<string>, projectOption: boolean): boolean {
  return orgFlags.has(FEEDBACK_SPAM_INGEST_FLAG) && projectOption;
}

/** is_spam as evidence: true, false, or null when not enabled or the detector did not know (or failed). */
export async function detectSpam(detector: SpamDetector, enabled: boolean, message: string): Promise<boolean | null> {
  if (!enabled) return null;
  try {
    const verdict = await detector.classify(message);
    return verdict === 'spam' ? true : verdict === 'not_spam' ? false : null;
  } catch {
    return null;
  }
}
