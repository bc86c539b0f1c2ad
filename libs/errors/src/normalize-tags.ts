import { EVENT_LIMITS as LIMITS } from './limits';

export type TagPair = [string, string];

const TAG_KEY = /^[a-zA-Z0-9_.:-]+$/;

export interface DerivedTags {
  level: string;
  logger: string;
  environment: string;
  transaction: string;
  release: string;
  dist: string;
  user: string;
}

function tagValue(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  return text !== undefined && text !== '' && text.length <= LIMITS.tagValueChars && !/[\n\r]/.test(text) ? text : undefined;
}

function sentPairs(value: unknown): [unknown, unknown][] {
  if (Array.isArray(value)) return value.filter((p): p is unknown[] => Array.isArray(p) && p.length === 2).map(([k, v]) => [k, v]);
  if (typeof value === 'object' && value !== null) return Object.entries(value);
  return [];
}

/**
 * Tags as `[key, value]` pairs (Relay's wire form): the SDK's valid tags in
 * the order sent, then the ones derived from event fields, which win over a
 * sent tag of the same name. Invalid keys or values are dropped, as Relay does.
 */
export function normalizeTags(sent: unknown, derived: DerivedTags): TagPair[] {
  const tags = new Map<string, string>();
  for (const [key, value] of sentPairs(sent)) {
    const text = tagValue(value);
    if (typeof key === 'string' && key.length <= LIMITS.tagKeyChars && TAG_KEY.test(key) && text !== undefined) tags.set(key, text);
  }
  const fromFields: TagPair[] = [
    ['level', derived.level], ['logger', derived.logger], ['environment', derived.environment], ['transaction', derived.transaction],
    ['sentry:release', derived.release], ['sentry:dist', derived.dist], ['sentry:user', derived.user],
  ];
  for (const [key, value] of fromFields) {
    const text = tagValue(value);
    if (text !== undefined) tags.set(key, text);
  }
  return [...tags];
}

export const tagObject = (pairs: readonly TagPair[]): Record<string, string> => Object.fromEntries(pairs);
