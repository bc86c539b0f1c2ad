import { GROUP_CATEGORIES, groupCategoryName, type GroupType } from '@issuestream/issue-platform';

/** A category as rules name it: the GroupCategory name in lower case (`feedback`, `error`, `db_query`, …). */
export const categorySlug = (category: number): string | undefined => groupCategoryName(category)?.toLowerCase();

/** Every category slug a rule may filter on. */
export const CATEGORY_SLUGS: readonly string[] = GROUP_CATEGORIES.map((c) => categorySlug(c) ?? String(c));

/** The slugs an issue of this type matches: its category and, when it has one, its newer taxonomy category. */
export function typeCategorySlugs(type: Pick<GroupType, 'category' | 'categoryV2'>): Set<string> {
  const slugs = new Set<string>();
  for (const category of [type.category, type.categoryV2]) {
    const slug = category === null ? undefined : categorySlug(category);
    if (slug) slugs.add(slug);
  }
  return slugs;
}
