import { isJsonObject } from '@issuestream/schemas';
import type { RawBody } from './raw-body';

export type ParsedBody = { ok: true; fields: Record<string, unknown> } | { ok: false; status: 400 | 413 | 415; detail: string };

/**
 * A request body as fields: JSON (an object) or an HTML form
 * (application/x-www-form-urlencoded). Anything else is refused with a reason.
 */
export function parseBody(raw: RawBody | undefined, contentType: string | undefined, maxBytes: number): ParsedBody {
  if (raw?.tooLarge) return { ok: false, status: 413, detail: `body: larger than ${maxBytes} bytes` };
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = raw?.bytes.toString('utf8') ?? '';
  if (type === 'application/x-www-form-urlencoded') return { ok: true, fields: Object.fromEntries(new URLSearchParams(text)) };
  if (type === 'application/json' || type === '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, status: 400, detail: 'body: not valid JSON' };
    }
    return isJsonObject(parsed) ? { ok: true, fields: parsed } : { ok: false, status: 400, detail: 'body: expected a JSON object' };
  }
  return { ok: false, status: 415, detail: `body: unsupported media type "${type}"` };
}
