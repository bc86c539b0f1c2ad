import { splitLines } from './lines';
import { DATE_FORMS, DATETIME_REPR, PARAMETER_KINDS } from './parameter-kinds';
import { DIGITS, EMAIL_LOCAL_CHARS, HEX_CHARS, HOST_START_CHARS, TextFacts } from './text-facts';

export { PARAMETER_KINDS } from './parameter-kinds';

/**
 * Replaces every parameter-like value with `<kind>`.
 *
 * This evaluates the reference's single alternation regex (all kinds, in
 * order, leftmost match first) one position at a time, because a regex engine
 * retries the unbounded kinds (e-mail, hostname, duration, datetime repr) from
 * every position of a long run and goes quadratic: 300 ms for 8 KiB of `a.a.a…`.
 * Each kind first checks, in constant time, a condition every one of its matches
 * must meet; only then is its pattern tried. The result is the same text.
 */
export function parameterize(text: string): string {
  const facts = new TextFacts(text);
  let out = '';
  let copied = 0;
  let at = 0;
  while (at < text.length) {
    const match = matchAt(text, at, facts);
    if (match === null) {
      at++;
      continue;
    }
    out += `${text.slice(copied, at)}<${match.name}>`;
    at = copied = match.end;
  }
  return out + text.slice(copied);
}

/** The first kind, in order, that matches at this position, and where its match ends. */
function matchAt(text: string, at: number, facts: TextFacts): { name: string; end: number } | null {
  const code = text.charCodeAt(at);
  const candidates = code < 128 ? SCANNERS_BY_FIRST_CHAR[code] : NO_SCANNERS;
  for (const scanner of candidates) {
    if (scanner.check && !scanner.check(facts, at)) continue;
    scanner.regex.lastIndex = at;
    const match = scanner.regex.exec(text);
    if (match) return { name: scanner.name, end: at + match[0].length };
  }
  return null;
}

type StartCheck = (facts: TextFacts, at: number) => boolean;

interface Scanner {
  name: string;
  regex: RegExp;
  /** The characters a match can start with. */
  firstChars: string;
  /** A further condition every match meets, checked in constant time. */
  check?: StartCheck;
}

const followedBy = (chars: string, end: number, text: string): boolean => end < text.length && chars.includes(text[end]);

// Where each kind can start. The four unbounded kinds also get exact checks on
// the run they would have to span, so that they are never tried in vain.
const SCANNER_STARTS: Readonly<Record<string, Pick<Scanner, 'firstChars' | 'check'>>> = {
  // The local part is a run of its characters directly followed by `@`.
  email: { firstChars: EMAIL_LOCAL_CHARS, check: (facts, at) => followedBy('@', facts.emailRunEnd(at), facts.text) },
  url: { firstChars: 'whf' },
  // Labels ending in `.tld` at a word end, all within one run of hostname characters.
  hostname: { firstChars: HOST_START_CHARS, check: (facts, at) => facts.nextTld(at) < facts.hostRunEnd(at) },
  ip: { firstChars: `${HEX_CHARS}:` },
  traceparent: { firstChars: '01' },
  uuid: { firstChars: HEX_CHARS },
  sha1: { firstChars: HEX_CHARS },
  md5: { firstChars: HEX_CHARS },
  date: { firstChars: `${DIGITS}SMTWFJAOND` },
  // `datetime.datetime(` needs a `)` before the line ends.
  datetimeRepr: { firstChars: 'd', check: (facts, at) => facts.text.startsWith('datetime', at) && facts.closesParenOnLine(at) },
  // Digits directly followed by `ms`, `s` or a decimal part.
  duration: { firstChars: DIGITS, check: (facts, at) => followedBy('ms.', facts.digitRunEnd(at), facts.text) },
  swift_txn_id: { firstChars: 't', check: (facts, at) => facts.text.startsWith('tx', at) },
  hex: { firstChars: `${HEX_CHARS}-` },
  git_sha: { firstChars: '0123456789abcdef' },
  float: { firstChars: `${DIGITS}-` },
  int: { firstChars: `${DIGITS}-` },
  quoted_str: { firstChars: `'"`, check: (facts, at) => at > 0 && facts.text[at - 1] === '=' },
  bool: { firstChars: 'tTfF', check: (facts, at) => at > 0 && facts.text[at - 1] === '=' },
};

const sticky = (pattern: string): RegExp => new RegExp(pattern, 'y');

// The kinds in order; `date` is split in two so that its one unbounded form,
// the datetime repr (its last alternative), gets its own check.
const SCANNERS: readonly Scanner[] = PARAMETER_KINDS.flatMap(({ name, pattern }): Scanner[] =>
  name === 'date'
    ? [
        { name, regex: sticky(DATE_FORMS.join('|')), ...SCANNER_STARTS.date },
        { name, regex: sticky(DATETIME_REPR), ...SCANNER_STARTS.datetimeRepr },
      ]
    : [{ name, regex: sticky(pattern), ...SCANNER_STARTS[name] }],
);
const NO_SCANNERS: readonly Scanner[] = [];
// Every kind starts with an ASCII character; the table lists, per character, the kinds worth trying.
const SCANNERS_BY_FIRST_CHAR: ReadonlyArray<readonly Scanner[]> = Array.from({ length: 128 }, (_, code) =>
  SCANNERS.filter((scanner) => scanner.firstChars.includes(String.fromCharCode(code))));

/**
 * Keeps the first two non-blank lines (joined by `\n`, followed by `...` when
 * the result differs from the input in any way) and parameterizes them.
 */
export function normalizeMessage(message: string): string {
  let trimmed = splitLines(message).filter((line) => line.trim() !== '').slice(0, 2).join('\n');
  if (trimmed !== message) trimmed += '...';
  return parameterize(trimmed);
}
