import { GroupingComponent, type ComponentsByVariant } from './component';
import type { ErrorEvent, Thread } from './event';
import { preferStacktraceVariants, stacktraceVariants } from './stacktrace';

/**
 * The threads strategy groups by one thread's stack trace: the only crashed
 * thread, else the only current one, else the only thread there is.
 */
export function threadsVariants(threads: readonly Thread[], event: ErrorEvent): ComponentsByVariant {
  const crashed = threads.filter((thread) => thread.crashed);
  const current = threads.filter((thread) => thread.current);
  const chosen = [crashed, current, threads].find((candidates) => candidates.length === 1)?.[0];
  if (!chosen) {
    const hint = `ignored because it contains neither a single thread nor multiple threads with exactly one crashing or current thread; instead contains ${crashed.length} crashing, ${current.length} current, and ${threads.length} total threads`;
    return new Map([['app', new GroupingComponent('threads', [], { contributes: false, hint })]]);
  }
  if (!chosen.stacktrace) {
    return new Map([['app', new GroupingComponent('threads', [], { contributes: false, hint: 'ignored because thread has no stacktrace' })]]);
  }
  const variants: ComponentsByVariant = new Map();
  for (const [variant, stacktrace] of stacktraceVariants(chosen.stacktrace, event.platform)) {
    variants.set(variant, new GroupingComponent('threads', [stacktrace]));
  }
  return preferStacktraceVariants(variants);
}
