import type { ErrorEvent, Frame } from './event';

/**
 * The frame closest to the crash: the last in-app frame of the last
 * exception's stack trace (else the event's stack trace, else the only
 * thread's), or the last frame when none is in-app.
 */
export function crashFrame(event: ErrorEvent, accept: (frame: Frame) => boolean = () => true): Frame | null {
  const exceptions = event.exception?.values;
  let frames = exceptions?.[exceptions.length - 1]?.stacktrace?.frames;
  if (!frames?.length) frames = event.stacktrace?.frames;
  if (!frames?.length) {
    const threads = event.threads?.values;
    if (threads?.length === 1) frames = threads[0]?.stacktrace?.frames;
  }
  let fallback: Frame | null = null;
  for (const frame of [...(frames ?? [])].reverse()) {
    if (!frame || !accept(frame)) continue;
    if (frame.in_app) return frame;
    fallback ??= frame;
  }
  return fallback;
}
