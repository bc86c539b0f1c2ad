export interface RetrySettings {
  initialMs: number;
  maxMs: number;
}

/**
 * Exponential backoff for the n-th failed attempt (1-based), capped, with
 * ±20 % jitter so e-mails that failed together do not all retry together.
 */
export function retryDelayMs(attempt: number, settings: RetrySettings, random: () => number = Math.random): number {
  const base = Math.min(settings.maxMs, settings.initialMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(base * (0.8 + 0.4 * random()));
}
