/**
 * Issue categories. Values are stored (Group.type's category, search filters),
 * so they never change; new categories are only ever appended.
 *
 * 1–8 are the original categories; 9 is used by test notifications; 10 and
 * above are the newer "issue taxonomy" (a type's `categoryV2`), which is meant
 * to replace the original ones: CRON and UPTIME move to OUTAGE, REPLAY to
 * FRONTEND, METRIC_ALERT to METRIC, and PERFORMANCE splits into METRIC,
 * DB_QUERY, HTTP_CLIENT, FRONTEND and MOBILE.
 */
export const GroupCategory = {
  ERROR: 1,
  PERFORMANCE: 2,
  /** Deprecated: profiling types now use PERFORMANCE. */
  PROFILE: 3,
  CRON: 4,
  REPLAY: 5,
  FEEDBACK: 6,
  UPTIME: 7,
  METRIC_ALERT: 8,
  TEST_NOTIFICATION: 9,
  OUTAGE: 10,
  METRIC: 11,
  DB_QUERY: 12,
  HTTP_CLIENT: 13,
  FRONTEND: 14,
  MOBILE: 15,
  AI_DETECTED: 16,
  PREPROD: 17,
  INSTRUMENTATION: 18,
  CONFIGURATION: 19,
} as const;

export type GroupCategoryName = keyof typeof GroupCategory;
export type GroupCategory = (typeof GroupCategory)[GroupCategoryName];

const NAME_BY_VALUE = new Map<number, GroupCategoryName>(
  (Object.entries(GroupCategory) as [GroupCategoryName, GroupCategory][]).map(([name, value]) => [value, name]),
);

/** Every category value, ascending. */
export const GROUP_CATEGORIES: readonly GroupCategory[] = Object.freeze([...NAME_BY_VALUE.keys()].sort((a, b) => a - b) as GroupCategory[]);

export function isGroupCategory(value: unknown): value is GroupCategory {
  return typeof value === 'number' && NAME_BY_VALUE.has(value);
}

/** `ERROR`, `DB_QUERY`, …; undefined for a value that is not a category. */
export function groupCategoryName(value: number): GroupCategoryName | undefined {
  return NAME_BY_VALUE.get(value);
}
