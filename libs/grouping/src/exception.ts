import { GroupingComponent, type ComponentsByVariant, type VariantName } from './component';
import type { ErrorEvent, SingleException } from './event';
import { normalizeMessage } from './parameterize';
import { preferStacktraceVariants, stacktraceVariants } from './stacktrace';

/**
 * One exception per variant: its stack trace, type, NSError info and value,
 * in the 2023 config's legacy order (stack trace first). An exception without
 * a stack trace only has an app variant.
 */
export function exceptionVariants(exception: SingleException, event: ErrorEvent): ComponentsByVariant {
  const type = new GroupingComponent('type', exception.type ? [exception.type] : []);
  // Synthetic exceptions are made up by the SDK to carry a stack trace; their type means nothing.
  if (exception.mechanism?.synthetic) type.update({ contributes: false, hint: 'ignored because exception is synthetic' });
  const nsError = nsErrorComponent(exception);

  const stacks: ComponentsByVariant = exception.stacktrace != null
    ? stacktraceVariants(exception.stacktrace, event.platform)
    : new Map([['app', new GroupingComponent('stacktrace')]]);

  // Parameterizing the message is the costly part of the value and the same in every variant.
  const normalizedValue = exception.value == null ? null : normalizeMessage(exception.value);
  const result: ComponentsByVariant = new Map();
  for (const [variant, stacktrace] of stacks) {
    const value = valueComponent(exception.value, normalizedValue);
    if (stacktrace.contributes && value.contributes) value.update({ contributes: false, hint: 'ignored because stacktrace takes precedence' });
    if (nsError?.contributes && value.contributes) value.update({ contributes: false, hint: 'ignored because ns-error info takes precedence' });
    const parts = nsError ? [stacktrace, type, nsError, value] : [stacktrace, type, value];
    result.set(variant, new GroupingComponent('exception', parts));
  }
  return result;
}

function valueComponent(raw: string | null | undefined, normalized: string | null): GroupingComponent {
  const value = new GroupingComponent('value');
  if (raw == null) return value;
  if (normalized) value.update({ values: [normalized], hint: normalized !== raw ? 'stripped event-specific values' : null });
  return value;
}

function nsErrorComponent(exception: SingleException): GroupingComponent | null {
  const nsError = exception.mechanism?.meta?.ns_error;
  if (!nsError) return null;
  return new GroupingComponent('ns-error', [
    new GroupingComponent('ns-error-domain', [nsError.domain ?? null]),
    new GroupingComponent('ns-error-code', [nsError.code ?? null]),
  ]);
}

export interface ChainedExceptionResult {
  variants: ComponentsByVariant;
  /** Set when the title should come from another exception than the last. */
  mainExceptionId: number | null;
}

/**
 * The chained-exception strategy, also the entry point for a single exception.
 * Every exception of the chain contributes, oldest (innermost cause) first.
 */
export function chainedExceptionVariants(all: readonly SingleException[], event: ErrorEvent): ChainedExceptionResult {
  const components = new Map(all.map((exception) => [exception, exceptionVariants(exception, event)]));
  const variantsOf = (exception: SingleException): ComponentsByVariant => components.get(exception) ?? new Map();
  const { exceptions, mainExceptionId } = filterExceptionGroups(all, variantsOf, event);
  if (exceptions.length === 1) return { variants: preferStacktraceVariants(variantsOf(exceptions[0])), mainExceptionId };

  const byVariant = new Map<VariantName, GroupingComponent[]>();
  for (const exception of exceptions) {
    for (const [variant, component] of variantsOf(exception)) {
      byVariant.set(variant, [...(byVariant.get(variant) ?? []), component]);
    }
  }
  const variants: ComponentsByVariant = new Map([...byVariant].map(([variant, list]) => [variant, new GroupingComponent('chained-exception', list)]));
  return { variants: preferStacktraceVariants(variants), mainExceptionId: overriddenMainException(exceptions) ?? mainExceptionId };
}

interface TreeNode {
  exception: SingleException | null;
  children: SingleException[];
}

/**
 * Exception groups (RFC 0079): when the SDK sent the group's tree (every
 * mechanism has a distinct `exception_id`, the root is 0), only the distinct
 * leaf exceptions count. One distinct leaf stands alone with its first-child
 * path; several stand together with the root group.
 */
function filterExceptionGroups(
  exceptions: readonly SingleException[],
  variantsOf: (exception: SingleException) => ComponentsByVariant,
  event: ErrorEvent,
): { exceptions: readonly SingleException[]; mainExceptionId: number | null } {
  const unchanged = { exceptions, mainExceptionId: null };
  if (exceptions.length <= 1) return unchanged;
  // Python SDK 3.x changed how it reports groups; the reference keeps the old hashes.
  if (event.platform === 'python' && (event.sdk?.version ?? '').startsWith('3')) return unchanged;

  const tree = new Map<number, TreeNode>();
  const ids = new Map<SingleException, number>();
  const node = (id: number): TreeNode => {
    const existing = tree.get(id);
    if (existing) return existing;
    const created: TreeNode = { exception: null, children: [] };
    tree.set(id, created);
    return created;
  };
  for (const exception of [...exceptions].reverse()) {
    const id = exception.mechanism?.exception_id;
    const parentId = exception.mechanism?.parent_id;
    if (id == null || id === parentId || tree.get(id)?.exception) return unchanged;
    node(id).exception = exception;
    ids.set(exception, id);
    if (parentId != null) node(parentId).children.push(exception);
  }

  const childrenOf = (exception: SingleException): SingleException[] => tree.get(ids.get(exception) ?? -1)?.children ?? [];
  const root = tree.get(0)?.exception;
  if (!root) return unchanged;

  const leaves: SingleException[] = [];
  const collectLeaves = (exception: SingleException, seen: Set<SingleException>): void => {
    if (seen.has(exception)) return; // a cycle: the reference would never finish; we stop
    seen.add(exception);
    if (exception.mechanism?.is_exception_group) childrenOf(exception).forEach((child) => collectLeaves(child, seen));
    else leaves.push(exception);
  };
  collectLeaves(root, new Set());
  if (leaves.length === 0) return unchanged;
  // Stable sort by type, descending, then drop neighbours that group the same.
  leaves.sort((a, b) => compareText(String(b.type ?? 'None'), String(a.type ?? 'None')));
  const keys = leaves.map((exception) => componentsKey(variantsOf(exception)));
  const distinct = leaves.filter((_, index) => index === 0 || keys[index] !== keys[index - 1]);

  if (distinct.length === 1) {
    const path: SingleException[] = [];
    for (let current: SingleException | undefined = distinct[0]; current && !path.includes(current); current = childrenOf(current)[0]) path.push(current);
    return { exceptions: path, mainExceptionId: ids.get(distinct[0]) ?? null };
  }
  return { exceptions: [...distinct, root], mainExceptionId: null };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function componentsKey(variants: ComponentsByVariant): string {
  return JSON.stringify([...variants.values()].map((component) => component.toJSON()));
}

const REACT_RECOVERED_ERRORS = new Set([
  'There was an error during concurrent rendering but React was able to recover by instead synchronously rendering the entire root.',
  'There was an error while hydrating but React was able to recover by instead client rendering from the nearest Suspense boundary.',
]);
const RXJAVA_WRAPPERS = new Set(['OnErrorNotImplementedException', 'CompositeException', 'UndeliverableException']);

/** Wrappers whose cause makes the better title: React's recovered errors and RxJava's handlers. */
function overriddenMainException(exceptions: readonly SingleException[]): number | null {
  const first = exceptions[0];
  const last = exceptions[exceptions.length - 1];
  if (first.type === 'Error' && first.value && REACT_RECOVERED_ERRORS.has(first.value) && last.mechanism?.source === 'cause') {
    const id = last.mechanism.exception_id ?? null;
    if (id) return id;
  }
  const wrapper = exceptions.find((exception) =>
    exception.module === 'io.reactivex.rxjava3.exceptions' && exception.type != null && RXJAVA_WRAPPERS.has(exception.type) && exception.mechanism?.type === 'UncaughtExceptionHandler');
  const wrapperId = wrapper?.mechanism?.exception_id;
  if (wrapperId == null) return null;
  const inner = exceptions.find((exception) => exception.mechanism?.parent_id === wrapperId && exception.mechanism.exception_id != null);
  return inner?.mechanism?.exception_id || null;
}
