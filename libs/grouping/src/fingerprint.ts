import { crashFrame } from './crash-frame';
import type { ErrorEvent } from './event';
import { functionNameOfFrame } from './function-name';

export type FingerprintType = 'default' | 'hybrid' | 'custom';

export const DEFAULT_FINGERPRINT_VARIABLE = '{{ default }}';
const VARIABLE = /^\{\{\s*(\S+)\s*\}\}$/;

/** The variable named by an entry such as `{{ type }}`, or null for literal text. */
export function fingerprintVariable(entry: string): string | null {
  return VARIABLE.exec(entry)?.[1] ?? null;
}

/** `default` is exactly `{{ default }}`; `hybrid` mixes it with other entries; `custom` has none. */
export function fingerprintType(fingerprint: readonly string[]): FingerprintType {
  const hasDefault = fingerprint.some((entry) => fingerprintVariable(entry) === 'default');
  if (!hasDefault) return 'custom';
  return fingerprint.length === 1 ? 'default' : 'hybrid';
}

/**
 * Replaces each variable with its value from the event (or its `<no-…>`
 * placeholder). `{{ default }}` stays, in its canonical spelling, for the caller
 * to expand; unknown variables stay as written (the 2023 config's behaviour).
 */
export function resolveFingerprint(fingerprint: readonly string[], event: ErrorEvent): string[] {
  return fingerprint.map((entry) => {
    const variable = fingerprintVariable(entry);
    if (variable === null) return entry;
    if (variable === 'default') return DEFAULT_FINGERPRINT_VARIABLE;
    return resolveVariable(variable, event) ?? entry;
  });
}

function resolveVariable(variable: string, event: ErrorEvent): string | null {
  const exceptions = event.exception?.values;
  const lastException = exceptions?.[exceptions.length - 1];
  switch (variable) {
    case 'transaction':
      return event.transaction || '<no-transaction>';
    case 'message':
      return event.logentry?.formatted || event.logentry?.message || lastException?.value || '<no-message>';
    case 'type':
    case 'error.type':
      return lastException?.type || '<no-type>';
    case 'value':
    case 'error.value':
      return lastException?.value || '<no-value>';
    case 'function':
    case 'stack.function':
    {
      // Grouping sees native and C# names trimmed, and so do the variables.
      const frame = crashFrame(event);
      return (frame && functionNameOfFrame(frame, event.platform)) || '<no-function>';
    }
    case 'path':
    case 'stack.abs_path': {
      const frame = crashFrame(event);
      return frame?.abs_path || frame?.filename || '<no-abs-path>';
    }
    case 'stack.filename': {
      const frame = crashFrame(event);
      return frame?.filename || frame?.abs_path || '<no-filename>';
    }
    case 'module':
    case 'stack.module':
      return crashFrame(event)?.module || '<no-module>';
    case 'package':
    case 'stack.package':
      return basename(crashFrame(event)?.package) || '<no-package>';
    case 'level':
      return event.level || '<no-level>';
    case 'logger':
      return event.logger || '<no-logger>';
    default:
      return variable.startsWith('tags.') ? tagValue(event, variable.slice('tags.'.length)) : null;
  }
}

function tagValue(event: ErrorEvent, key: string): string {
  const tags = event.tags;
  const pairs = Array.isArray(tags) ? (tags as ReadonlyArray<readonly [string, string | null]>) : Object.entries(tags ?? {});
  const match = pairs.find(([name, value]) => name === key && value != null);
  return match?.[1] ?? `<no-value-for-tag-${key}>`;
}

/** The last segment of a POSIX or Windows path. */
function basename(path: string | null | undefined): string {
  return path ? path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1) : '';
}
