/**
 * Feature flags that gate an unreleased group type, per organisation. Names
 * follow the reference: the slug with `_` turned into `-` gives the base flag
 * `organizations:issue-<slug>`, from which the visible, ingest and
 * post-process-group flags derive. Released types need no flags at all.
 */

/** An organisation's enabled flags. */
export type FeatureFlagSet = ReadonlySet<string> | readonly string[];

export interface GroupTypeFlagNames {
  readonly base: string;
  /** Any one of these makes the type visible (one element unless a type overrides it). */
  readonly visible: readonly string[];
  readonly ingest: string;
  readonly postProcessGroup: string;
}

interface FlaggedType {
  readonly slug: string;
  readonly released: boolean;
  readonly gates?: { readonly visibleWith: readonly string[] | null };
}

/** `performance_slow_db_query` → `performance-slow-db-query`. */
export function featureSlug(slug: string): string {
  return slug.replace(/_/g, '-');
}

/** The flag names a type is gated by (whether or not it is released). */
export function featureFlagNames(type: FlaggedType): GroupTypeFlagNames {
  const base = `organizations:issue-${featureSlug(type.slug)}`;
  return Object.freeze({
    base,
    visible: Object.freeze([...(type.gates?.visibleWith ?? [`${base}-visible`])]),
    ingest: `${base}-ingest`,
    postProcessGroup: `${base}-post-process-group`,
  });
}

/**
 * The flags to register for a type: visible, ingest and post-process-group
 * for an unreleased type; none for a released one.
 */
export function featureFlags(type: FlaggedType): readonly string[] {
  if (type.released) return Object.freeze([]);
  const names = featureFlagNames(type);
  return Object.freeze([...names.visible, names.ingest, names.postProcessGroup]);
}

/** A flag set that answers `has` quickly, whatever form it was given in. */
export function flagLookup(flags: FeatureFlagSet): ReadonlySet<string> {
  return isFlagArray(flags) ? new Set(flags) : flags;
}

function isFlagArray(flags: FeatureFlagSet): flags is readonly string[] {
  return Array.isArray(flags);
}
