export const FEEDBACK_TITLE_PREFIX = 'User Feedback: ';
const MAX_WORDS = 10;
const MAX_CHARS = 185;

/**
 * The summary part of a feedback title: trimmed; at most ten words (joined by
 * single spaces, with "..." when words were dropped); then at most 185
 * characters (182 and "...").
 */
export function truncateFeedbackTitle(text: string): string {
  let title = text.trim();
  const words = title.split(/\s+/).filter((w) => w !== '');
  if (words.length > MAX_WORDS) {
    const shortened = `${words.slice(0, MAX_WORDS).join(' ')}...`;
    if (shortened.length < title.length) title = shortened;
  }
  if (title.length > MAX_CHARS) title = `${title.slice(0, MAX_CHARS - 3)}...`;
  return title;
}

export function feedbackIssueTitle(message: string): string {
  return FEEDBACK_TITLE_PREFIX + truncateFeedbackTitle(message);
}
