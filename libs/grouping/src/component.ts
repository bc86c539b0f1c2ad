import type { HashValue } from './hash';
import { hashFromValues } from './hash';

export type ComponentId =
  | 'app' | 'system' | 'default'
  | 'chained-exception' | 'exception' | 'type' | 'value' | 'ns-error' | 'ns-error-domain' | 'ns-error-code'
  | 'threads' | 'stacktrace' | 'frame' | 'module' | 'filename' | 'function' | 'context-line'
  | 'message' | 'template';

export type ComponentValue = HashValue | GroupingComponent;

/**
 * A node of the grouping tree. `contributes` is stored, not derived: like the
 * reference, it is computed from the values when they are set and otherwise
 * only changes when a rule sets it. A parent therefore keeps the flag it got
 * at construction even if a child is switched off later, and that quirk
 * is part of the hashes.
 */
export class GroupingComponent {
  values: ComponentValue[] = [];
  contributes = false;
  hint: string | null = null;
  /** Only set on frames: whether the frame was in-app. */
  inApp: boolean | null = null;

  constructor(readonly id: ComponentId, values?: ComponentValue[], options?: { contributes?: boolean; hint?: string }) {
    if (values !== undefined) {
      this.values = values;
      this.contributes = anyContributes(values);
    }
    if (options?.contributes !== undefined) this.contributes = options.contributes;
    if (options?.hint !== undefined) this.hint = options.hint;
  }

  update(change: { values?: ComponentValue[]; contributes?: boolean; hint?: string | null }): this {
    if (change.hint !== undefined) this.hint = change.hint;
    if (change.values !== undefined) {
      this.values = change.values;
      if (change.contributes === undefined) this.contributes = anyContributes(change.values);
    }
    if (change.contributes !== undefined) this.contributes = change.contributes;
    return this;
  }

  /** The leaf values that feed the hash, in tree order. */
  contributingValues(into: HashValue[] = []): HashValue[] {
    if (!this.contributes) return into;
    for (const value of this.values) {
      if (value instanceof GroupingComponent) value.contributingValues(into);
      else into.push(value);
    }
    return into;
  }

  hash(): string | null {
    return this.contributes ? hashFromValues(this.contributingValues()) : null;
  }

  /** A copy of this node that shares its children; for a variant that only flips this node's flag. */
  shallowCopy(): GroupingComponent {
    const copy = new GroupingComponent(this.id, this.values, { contributes: this.contributes });
    copy.hint = this.hint;
    copy.inApp = this.inApp;
    return copy;
  }

  /** Whether a contributing descendant has this id, looking only through contributing parents. */
  hasContributingDescendant(id: ComponentId): boolean {
    for (const value of this.values) {
      if (!(value instanceof GroupingComponent) || !value.contributes) continue;
      if (value.id === id || value.hasContributingDescendant(id)) return true;
    }
    return false;
  }

  /** A plain, serializable copy (what the grouping-info UI of the reference shows). */
  toJSON(): ComponentJson {
    return {
      id: this.id,
      contributes: this.contributes,
      hint: this.hint,
      values: this.values.map((value) => (value instanceof GroupingComponent ? value.toJSON() : value)),
    };
  }
}

export interface ComponentJson {
  id: ComponentId;
  contributes: boolean;
  hint: string | null;
  values: Array<HashValue | ComponentJson>;
}

function anyContributes(values: readonly ComponentValue[]): boolean {
  for (const value of values) if (!(value instanceof GroupingComponent) || value.contributes) return true;
  return false;
}

/** Components keyed by variant name ("app", "system" or "default"), in production order. */
export type ComponentsByVariant = Map<VariantName, GroupingComponent>;
export type VariantName = 'app' | 'system' | 'default';
