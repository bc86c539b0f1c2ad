import type { AttributeProblem } from './errors';

/**
 * A sliding-window rate: at most `limit` within `windowSeconds`, counted in
 * buckets of `granularitySeconds`. A group type's creation quota caps how many
 * new issues of that type one project may open.
 */
export interface Quota {
  readonly windowSeconds: number;
  readonly granularitySeconds: number;
  readonly limit: number;
}

export function quota(windowSeconds: number, granularitySeconds: number, limit: number): Quota {
  return Object.freeze({ windowSeconds, granularitySeconds, limit });
}

/** `limit` per hour in one-minute buckets, the shape every built-in quota has. */
export function perHour(limit: number): Quota {
  return quota(3600, 60, limit);
}

/** At most 5 new issues per project per hour. */
export const DEFAULT_CREATION_QUOTA: Quota = perHour(5);

/** Problems with a quota, with paths relative to it (empty when valid). */
export function quotaProblems(value: Quota): AttributeProblem[] {
  const problems: AttributeProblem[] = (['windowSeconds', 'granularitySeconds', 'limit'] as const)
    .filter((field) => !Number.isInteger(value[field]) || value[field] < 1)
    .map((field) => ({ field, problem: `must be an integer >= 1, got ${String(value[field])}` }));
  if (problems.length === 0 && value.windowSeconds % value.granularitySeconds !== 0) {
    problems.push({ field: 'granularitySeconds', problem: `must divide windowSeconds (${value.windowSeconds}), got ${value.granularitySeconds}` });
  }
  return problems;
}
