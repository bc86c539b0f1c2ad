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

  constructor(readonly id: ComponentId, values?: ComponentValue[], options: { contributes?: boolean; hint?: string } = {}) {
    this.update({ values, ...options });
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
  *iterValues(): Generator<HashValue> {
    if (!this.contributes) return;
    for (const value of this.values) {
      if (value instanceof GroupingComponent) yield* value.iterValues();
      else yield value;
    }
  }

  hash(): string | null {
    return this.contributes ? hashFromValues(this.iterValues()) : null;
  }

  /** Contributing descendants with this id, looking only through contributing parents. */
  *contributingDescendants(id: ComponentId): Generator<GroupingComponent> {
    for (const value of this.values) {
      if (!(value instanceof GroupingComponent) || !value.contributes) continue;
      if (value.id === id) yield value;
      yield* value.contributingDescendants(id);
    }
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
  return values.some((value) => !(value instanceof GroupingComponent) || value.contributes);
}

/** Components keyed by variant name ("app", "system" or "default"), in production order. */
export type ComponentsByVariant = Map<VariantName, GroupingComponent>;
export type VariantName = 'app' | 'system' | 'default';
