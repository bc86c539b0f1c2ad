import { isJsonObject } from '@issuestream/schemas';
import type { IssueCollector } from './errors';
import { normaliseUuid } from './uuid';

/** Shared field checks; each reports into the collector and returns the cleaned value (or a placeholder when invalid). */

export function checkUuid(issues: IssueCollector, field: string, value: unknown): string {
  const normalised = normaliseUuid(value);
  if (normalised === null) issues.add(field, `must be a UUID (32 hex digits, dashed or not), got ${show(value)}`);
  return normalised ?? '';
}

export function checkProjectId(issues: IssueCollector, value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) issues.add('projectId', `must be a positive integer, got ${show(value)}`);
  return value as number;
}

export function checkFingerprint(issues: IssueCollector, value: unknown): string[] {
  if (!Array.isArray(value)) {
    issues.add('fingerprint', `must be an array of strings, got ${show(value)}`);
    return [];
  }
  if (value.length === 0) issues.add('fingerprint', 'must not be empty');
  value.forEach((part: unknown, i) => {
    if (typeof part !== 'string' || part === '') issues.add(`fingerprint[${i}]`, `must be a non-empty string, got ${show(part)}`);
  });
  return [...(value as string[])];
}

export function checkOptionalString(issues: IssueCollector, field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') issues.add(field, `must be a string or null, got ${show(value)}`);
  return value as string;
}

export function checkOptionalObject(issues: IssueCollector, field: string, value: unknown): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  if (!isJsonObject(value)) {
    issues.add(field, `must be a JSON object, got ${show(value)}`);
    return null;
  }
  return value;
}

export function checkOptionalInteger(issues: IssueCollector, field: string, value: unknown, min: number): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isSafeInteger(value) || (value as number) < min) issues.add(field, `must be an integer >= ${min} or null, got ${show(value)}`);
  return value as number;
}

/** A short rendering of a bad value for messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : value.toISOString();
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
