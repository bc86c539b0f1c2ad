/** Outcome ids on the outcomes topic and the names the stats API uses for them. */
export const OUTCOME_NAMES: Readonly<Record<number, string>> = {
  0: 'accepted',
  1: 'filtered',
  2: 'rate_limited',
  3: 'invalid',
  4: 'abuse',
  5: 'client_discard',
  6: 'cardinality_limited',
};

/** Data categories on the outcomes topic and their API names (USER_REPORT_V2 is "feedback"). */
export const CATEGORY_NAMES: Readonly<Record<number, string>> = {
  0: 'default',
  1: 'error',
  2: 'transaction',
  3: 'security',
  4: 'attachment',
  5: 'session',
  6: 'profile',
  7: 'replay',
  12: 'span',
  14: 'feedback',
  22: 'attachment_item',
  23: 'log_item',
};

const invert = (names: Readonly<Record<number, string>>): ReadonlyMap<string, number> => new Map(Object.entries(names).map(([id, name]) => [name, Number(id)]));
export const OUTCOME_IDS = invert(OUTCOME_NAMES);
export const CATEGORY_IDS = invert(CATEGORY_NAMES);

/** A name for any id, known or not (an unknown one stays visible as its number). */
export const outcomeName = (id: number): string => OUTCOME_NAMES[id] ?? String(id);
export const categoryName = (id: number): string => CATEGORY_NAMES[id] ?? String(id);
