import type { AlertRule } from '@issuestream/alerts-data';

/** What happened to an issue, as rule conditions see it. */
export interface IssueChange {
  projectId: number;
  isNew: boolean;
  isRegression: boolean;
  /** Category slugs of the issue's type (see `typeCategorySlugs`). */
  categories: ReadonlySet<string>;
}

/** The rules whose trigger and category filter match the change. */
export function matchingRules(rules: readonly AlertRule[], change: IssueChange): AlertRule[] {
  return rules.filter(
    (rule) =>
      rule.projectId === change.projectId &&
      (rule.trigger === 'new_issue' ? change.isNew : change.isRegression) &&
      (rule.categories.length === 0 || rule.categories.some((c) => change.categories.has(c))),
  );
}
