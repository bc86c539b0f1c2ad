/** Types guessed from a file name's extension when the SDK sent none (the common attachment kinds). */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  txt: 'text/plain',
  log: 'text/plain',
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  csv: 'text/csv',
  zip: 'application/zip',
  gz: 'application/gzip',
  pdf: 'application/pdf',
};

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/**
 * The stored content type, as the reference derives it: the sent type
 * without its parameters (`text/plain; charset=utf-8` → `text/plain`), else
 * one guessed from the name's extension, else `application/octet-stream`.
 */
export function attachmentContentType(sent: string | null, name: string): string {
  const bare = sent?.split(';')[0]?.trim();
  if (bare) return bare;
  const dot = name.lastIndexOf('.');
  const extension = dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
  return BY_EXTENSION[extension] ?? DEFAULT_CONTENT_TYPE;
}
