// Python's str.splitlines boundaries, which the reference's line handling uses
// (a regex would need control characters, which the linter rightly flags).
const BREAKS = new Set(['\n', '\r', '\v', '\f', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029']);

/** The lines of `text`, split at any line boundary (`\r\n` counts as one). */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (!BREAKS.has(text[i])) continue;
    lines.push(text.slice(start, i));
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    start = i + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}
