import { crashFrame } from './crash-frame';
import type { ErrorEvent, Frame, SingleException } from './event';
import { functionNameOfFrame } from './function-name';
import { splitLines } from './lines';

export type EventType = 'error' | 'default';

export interface ErrorMetadata {
  type?: string;
  value: string;
  filename?: string;
  function?: string;
  title?: string;
}

export interface DefaultMetadata {
  title: string;
}

export interface EventDescription {
  type: EventType;
  title: string;
  culprit: string;
  /** The crash frame's file, shown next to the title. */
  location: string | null;
  metadata: ErrorMetadata | DefaultMetadata;
}

const TITLE_VALUE_LIMIT = 100;
const METADATA_VALUE_LIMIT = 1024;
const METADATA_TYPE_LIMIT = 128;
const CULPRIT_LIMIT = 200;
const UNNAMED_FUNCTIONS = new Set(['<redacted>', '<unknown>']);
const BARE_FUNCTION_PLATFORMS = new Set(['objc', 'cocoa', 'native']);
const JAVASCRIPT_PLATFORMS = new Set(['javascript', 'node']);

/**
 * What an issue shows: an event with an exception is an `error` titled
 * `Type: first line of the value`; any other is a `default` event titled by
 * its message's first line. `mainExceptionId` comes from grouping.
 */
export function describeEvent(event: ErrorEvent, mainExceptionId: number | null = null): EventDescription {
  const exception = mainException(event, mainExceptionId);
  if (exception) {
    const metadata = errorMetadata(event, exception);
    return { type: 'error', title: event.title ?? errorTitle(metadata), culprit: culprit(event), location: metadata.filename ?? null, metadata };
  }
  const message = (event.logentry?.formatted || event.logentry?.message || '').trim();
  const computed = message ? truncate(firstLine(message), TITLE_VALUE_LIMIT) : '<unlabeled event>';
  const title = event.title ?? computed;
  return { type: 'default', title, culprit: culprit(event), location: null, metadata: { title } };
}

function mainException(event: ErrorEvent, mainExceptionId: number | null): SingleException | null {
  const exceptions = (event.exception?.values ?? []).filter((exception): exception is SingleException => exception != null);
  if (exceptions.length === 0) return null;
  const chosen = mainExceptionId === null ? undefined : exceptions.find((exception) => exception.mechanism?.exception_id === mainExceptionId);
  return chosen ?? exceptions[exceptions.length - 1];
}

function errorMetadata(event: ErrorEvent, exception: SingleException): ErrorMetadata {
  const metadata: ErrorMetadata = { value: truncate(exception.value ?? '', METADATA_VALUE_LIMIT) };
  // A synthetic exception's type is the SDK's invention, not the user's error.
  if (!exception.mechanism?.synthetic) metadata.type = truncate(exception.type ?? 'Error', METADATA_TYPE_LIMIT);
  const frame = crashFrame(event, (candidate) => candidate.function != null && !UNNAMED_FUNCTIONS.has(candidate.function));
  if (frame) {
    const filename = frame.filename || frame.abs_path;
    const fn = functionNameOfFrame(frame, event.platform);
    if (filename) metadata.filename = filename;
    if (fn) metadata.function = fn;
  }
  if (event.title != null) metadata.title = event.title;
  return metadata;
}

function errorTitle(metadata: ErrorMetadata): string {
  if (metadata.type === undefined) return metadata.function || '<unknown>';
  return metadata.value ? `${metadata.type}: ${truncate(firstLine(metadata.value), TITLE_VALUE_LIMIT)}` : metadata.type;
}

/**
 * Where it broke: the SDK's culprit, else the transaction, else the last
 * in-app frame (else the last frame) of the last stack trace, else the request URL.
 */
export function culprit(event: ErrorEvent): string {
  return event.culprit || event.transaction || truncate(stacktraceCulprit(event) || event.request?.url || '', CULPRIT_LIMIT);
}

function stacktraceCulprit(event: ErrorEvent): string | null {
  const exceptionFrames = (event.exception?.values ?? []).map((exception) => exception?.stacktrace?.frames).filter((frames) => frames?.length);
  const frames = exceptionFrames.length > 0 ? exceptionFrames[exceptionFrames.length - 1] : event.stacktrace?.frames;
  if (!frames?.length) return null;
  let fallback: string | null = null;
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i];
    if (!frame) continue;
    if (frame.in_app) {
      const text = frameCulprit(frame, event.platform);
      if (text) return text;
    } else if (fallback === null) {
      fallback = frameCulprit(frame, event.platform);
    }
  }
  return fallback;
}

function frameCulprit(frame: Frame, eventPlatform: string | null | undefined): string {
  const platform = frame.platform || eventPlatform || '';
  if (BARE_FUNCTION_PLATFORMS.has(platform)) return frame.function || '?';
  const where = frame.module || frame.filename;
  if (!where) return '';
  return JAVASCRIPT_PLATFORMS.has(platform) ? `${frame.function || '?'}(${where})` : `${where} in ${frame.function || '?'}`;
}

function firstLine(text: string): string {
  return splitLines(text)[0] ?? '';
}

/** Cuts to at most `limit` characters, ending in `...` when cut. */
function truncate(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 3).join('')}...`;
}
