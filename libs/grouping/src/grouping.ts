import { GroupingComponent, type ComponentJson, type ComponentsByVariant, type VariantName } from './component';
import type { ErrorEvent, SingleException, Thread } from './event';
import { chainedExceptionVariants } from './exception';
import { fingerprintType, fingerprintVariable, resolveFingerprint, type FingerprintType } from './fingerprint';
import { hashFromValues, type HashValue } from './hash';
import { messageComponent, templateComponent } from './message';
import { stacktraceVariants } from './stacktrace';
import { threadsVariants } from './threads';

export const GROUPING_CONFIG_ID = 'newstyle:2023-01-11';

export type StrategyName = 'chained-exception' | 'threads' | 'stacktrace' | 'template' | 'message';

export type VariantKind = 'component' | 'salted-component' | 'custom-fingerprint' | 'fallback';

export interface GroupingVariant {
  /** `app`, `system`, `default`, `custom_fingerprint` or `fallback`. */
  name: VariantName | 'custom_fingerprint' | 'fallback';
  kind: VariantKind;
  /** null when the variant does not contribute. */
  hash: string | null;
  /** The values hashed, in order (empty when the variant does not contribute). */
  values: HashValue[];
  /** The variant's component tree with hints, built when read (the reference's grouping info). */
  readonly component: ComponentJson | null;
}

export interface GroupingResult {
  config: typeof GROUPING_CONFIG_ID;
  /** Contributing hashes, app before system, without duplicates. */
  hashes: string[];
  /** hashes[0]: the one the event is stored and searched under. */
  primaryHash: string;
  fingerprintType: FingerprintType;
  /** The fingerprint with its variables resolved (`{{ default }}` kept). */
  fingerprint: string[];
  /** The strategy that decided the grouping, if any did. */
  strategy: StrategyName | null;
  variants: GroupingVariant[];
  /** `mechanism.exception_id` of the exception that should title the event, when it is not the last. */
  mainExceptionId: number | null;
}

interface StrategyOutcome {
  name: StrategyName;
  variants: ComponentsByVariant;
  mainExceptionId?: number | null;
}

/** Groups an error event with the reference's `newstyle:2023-01-11` config. */
export function groupEvent(event: ErrorEvent): GroupingResult {
  const rawFingerprint = event.fingerprint?.length ? [...event.fingerprint] : ['{{ default }}'];
  const type = fingerprintType(rawFingerprint);
  const fingerprint = type === 'default' ? rawFingerprint : resolveFingerprint(rawFingerprint, event);

  const outcomes = runStrategies(event);
  const winner = settlePrecedence(outcomes);
  const roots = rootComponents(outcomes);
  const variants = buildVariants(roots, type, fingerprint);
  const hashes = [...new Set(sortSystemLast(variants).map((variant) => variant.hash).filter((hash): hash is string => hash !== null))];
  return {
    config: GROUPING_CONFIG_ID,
    hashes,
    primaryHash: hashes[0],
    fingerprintType: type,
    fingerprint,
    strategy: winner,
    variants,
    mainExceptionId: outcomes.find((outcome) => outcome.name === 'chained-exception')?.mainExceptionId ?? null,
  };
}

// Strategies in priority order; each runs when the event has its interface.
function runStrategies(event: ErrorEvent): StrategyOutcome[] {
  const outcomes: StrategyOutcome[] = [];
  const exceptions = (event.exception?.values ?? []).filter((exception): exception is SingleException => exception != null);
  if (exceptions.length > 0) {
    const { variants, mainExceptionId } = chainedExceptionVariants(exceptions, event);
    outcomes.push({ name: 'chained-exception', variants, mainExceptionId });
  }
  const threads = (event.threads?.values ?? []).filter((thread): thread is Thread => thread != null);
  if (threads.length > 0) outcomes.push({ name: 'threads', variants: threadsVariants(threads, event) });
  if (event.stacktrace) outcomes.push({ name: 'stacktrace', variants: stacktraceVariants(event.stacktrace, event.platform) });
  if (event.template) outcomes.push({ name: 'template', variants: new Map([['default', templateComponent(event.template)]]) });
  if (event.logentry && (event.logentry.formatted || event.logentry.message)) {
    outcomes.push({ name: 'message', variants: new Map([['default', messageComponent(event.logentry)]]) });
  }
  return outcomes;
}

// The first strategy with any contributing component wins; the components of
// every later strategy are switched off.
function settlePrecedence(outcomes: readonly StrategyOutcome[]): StrategyName | null {
  let winner: StrategyName | null = null;
  let hint = '';
  for (const outcome of outcomes) {
    const contributing = [...outcome.variants].filter(([, component]) => component.contributes).map(([name]) => name);
    if (winner === null && contributing.length > 0) {
      winner = outcome.name;
      const subject = contributing.includes('default') ? outcome.name : `${outcome.name} of ${[...contributing].sort().join('/')}`;
      hint = `${subject} take${outcome.name.endsWith('s') ? '' : 's'} precedence`;
      continue;
    }
    if (winner === null) continue;
    for (const component of outcome.variants.values()) {
      if (component.contributes) component.update({ contributes: false, hint });
    }
  }
  return winner;
}

function rootComponents(outcomes: readonly StrategyOutcome[]): Map<VariantName, GroupingComponent> {
  const children = new Map<VariantName, GroupingComponent[]>();
  for (const outcome of outcomes) {
    for (const [name, component] of outcome.variants) children.set(name, [...(children.get(name) ?? []), component]);
  }
  return new Map([...children].map(([name, list]) => [name, new GroupingComponent(name, list)]));
}

function buildVariants(roots: ReadonlyMap<VariantName, GroupingComponent>, type: FingerprintType, fingerprint: readonly string[]): GroupingVariant[] {
  const variants: GroupingVariant[] = [];
  for (const [name, root] of roots) {
    if (type === 'custom') root.update({ contributes: false, hint: 'custom fingerprint takes precedence' });
    variants.push(type === 'hybrid' ? saltedVariant(name, root, fingerprint) : componentVariant(name, root));
  }
  if (type === 'custom') {
    variants.push({ name: 'custom_fingerprint', kind: 'custom-fingerprint', hash: hashFromValues(fingerprint), values: [...fingerprint], component: null });
  }
  // Nothing to group by at all: every such event lands in one group.
  if (!variants.some((variant) => variant.hash !== null)) {
    variants.push({ name: 'fallback', kind: 'fallback', hash: hashFromValues([]), values: [], component: null });
  }
  return variants;
}

function componentVariant(name: VariantName, root: GroupingComponent): GroupingVariant {
  const values = root.contributingValues();
  return { name, kind: 'component', hash: root.contributes ? hashFromValues(values) : null, values, get component() { return root.toJSON(); } };
}

// A hybrid fingerprint salts each variant: `{{ default }}` expands to the
// variant's own values, the other entries are hashed as they stand.
function saltedVariant(name: VariantName, root: GroupingComponent, fingerprint: readonly string[]): GroupingVariant {
  if (!root.contributes) return { name, kind: 'salted-component', hash: null, values: [], get component() { return root.toJSON(); } };
  const values = fingerprint.flatMap((entry): HashValue[] => (fingerprintVariable(entry) === 'default' ? root.contributingValues() : [entry]));
  return { name, kind: 'salted-component', hash: hashFromValues(values), values, get component() { return root.toJSON(); } };
}

function sortSystemLast(variants: readonly GroupingVariant[]): GroupingVariant[] {
  return [...variants].sort((a, b) => Number(a.name === 'system') - Number(b.name === 'system'));
}
