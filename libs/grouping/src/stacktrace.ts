import { GroupingComponent, type ComponentsByVariant } from './component';
import type { Frame, Stacktrace } from './event';
import { frameComponent } from './frame';
import { behaviorFamily, hasUrlOrigin } from './platform';

// Frames equal in all of these are one recursive call repeated.
const RECURSION_FIELDS = ['abs_path', 'package', 'module', 'filename', 'function', 'lineno', 'colno'] as const;

/**
 * The app variant (only in-app frames may contribute) and the system variant
 * (every frame may) of one stack trace, in that order.
 */
export function stacktraceVariants(stacktrace: Stacktrace, eventPlatform: string | null | undefined): ComponentsByVariant {
  const frames = (stacktrace.frames ?? []).filter((frame): frame is Frame => frame != null);
  // Frame components are the same in both variants until the variant rules
  // flip their flags, so they are built once and copied.
  const built = frames.map((frame) => frameComponent(frame, eventPlatform));
  const app = stacktraceComponent(frames, built.map((component) => component.shallowCopy()), eventPlatform, 'app');
  const system = stacktraceComponent(frames, built, eventPlatform, 'system');
  explainNonContributing(app, system);
  return new Map([['app', app], ['system', system]]);
}

function stacktraceComponent(frames: readonly Frame[], components: GroupingComponent[], eventPlatform: string | null | undefined, variant: 'app' | 'system'): GroupingComponent {
  frames.forEach((frame, index) => {
    const component = components[index];
    if (index > 0 && isRecursion(frame, frames[index - 1])) component.update({ contributes: false, hint: 'ignored due to recursion' });
    if (variant === 'app' && !frame.in_app) component.update({ contributes: false });
  });
  // A lone JS frame without a function name says too little; the reference
  // drops it when it comes from a URL (the 2023 config keeps this inverted test).
  const only = frames.length === 1 ? frames[0] : null;
  if (only && components[0].contributes && behaviorFamily(only.platform || eventPlatform) === 'javascript' && !only.function && hasUrlOrigin(only.abs_path, true)) {
    components[0].update({ contributes: false, hint: 'ignored single non-URL JavaScript frame' });
  }
  return new GroupingComponent('stacktrace', components);
}

function isRecursion(frame: Frame, previous: Frame): boolean {
  return RECURSION_FIELDS.every((field) => (frame[field] ?? null) === (previous[field] ?? null));
}

// Frame counts are taken from the system variant, the only one in which
// system frames can contribute.
function explainNonContributing(app: GroupingComponent, system: GroupingComponent): void {
  if (system.values.length === 0) {
    system.update({ contributes: false, hint: 'ignored because it contains no frames' });
    app.update({ contributes: false, hint: 'ignored because it contains no frames' });
    return;
  }
  const frames = system.values as GroupingComponent[];
  if (!frames.some((frame) => frame.contributes)) system.update({ contributes: false, hint: 'ignored because it contains no contributing frames' });
  const inApp = frames.filter((frame) => frame.inApp);
  if (inApp.length === 0) app.update({ contributes: false, hint: 'ignored because it contains no in-app frames' });
  else if (!inApp.some((frame) => frame.contributes)) app.update({ contributes: false, hint: 'ignored because it contains no contributing frames' });
}

/**
 * When one variant has a contributing stack trace and another has none, the
 * one without says less about the crash and is switched off.
 */
export function preferStacktraceVariants(variants: ComponentsByVariant): ComponentsByVariant {
  if (variants.size <= 1) return variants;
  const withStack = [...variants].filter(([, component]) => component.hasContributingDescendant('stacktrace'));
  if (withStack.length === 0) return variants;
  const which = withStack.length === 1 ? `the ${withStack[0][0]} variant does` : 'others do';
  for (const [name, component] of variants) {
    if (withStack.some(([stackName]) => stackName === name)) continue;
    component.update({ contributes: false, hint: `ignored because this variant does not have a contributing stacktrace, but ${which}` });
  }
  return variants;
}
