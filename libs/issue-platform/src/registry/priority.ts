/**
 * Issue priority. An occurrence may carry one as `initial_issue_priority`;
 * otherwise the group type's `defaultPriority` applies. OK (0) belongs to the
 * newer detector vocabulary ("condition cleared") and never opens an issue.
 */
export const PriorityLevel = {
  OK: 0,
  LOW: 25,
  MEDIUM: 50,
  HIGH: 75,
} as const;

export type PriorityLevelName = keyof typeof PriorityLevel;
export type PriorityLevel = (typeof PriorityLevel)[PriorityLevelName];

/** String form of a priority: the lower-case name. */
export type PriorityString = Lowercase<PriorityLevelName>;

const STRING_BY_VALUE = new Map<number, PriorityString>(
  (Object.entries(PriorityLevel) as [PriorityLevelName, PriorityLevel][]).map(([name, value]) => [
    value,
    name.toLowerCase() as PriorityString,
  ]),
);

/** The priorities an issue can be created with (LOW, MEDIUM, HIGH). */
export const ISSUE_PRIORITIES: readonly PriorityLevel[] = Object.freeze([PriorityLevel.LOW, PriorityLevel.MEDIUM, PriorityLevel.HIGH]);

export function isPriorityLevel(value: unknown): value is PriorityLevel {
  return typeof value === 'number' && STRING_BY_VALUE.has(value);
}

/** True for LOW, MEDIUM and HIGH: what a new issue or a type default may use. */
export function isIssuePriority(value: unknown): value is PriorityLevel {
  return typeof value === 'number' && (ISSUE_PRIORITIES as readonly number[]).includes(value);
}

/** `low`, `medium`, …; undefined for a value that is not a priority. */
export function priorityToString(value: number): PriorityString | undefined {
  return STRING_BY_VALUE.get(value);
}

/** Parses the lower-case string form back (case-insensitive); undefined when unknown. */
export function parsePriority(text: string): PriorityLevel | undefined {
  for (const [value, name] of STRING_BY_VALUE) if (name === text.toLowerCase()) return value as PriorityLevel;
  return undefined;
}
