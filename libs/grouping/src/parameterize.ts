import { splitLines } from './lines';

// Message parameterization: values that differ between occurrences of the same
// problem (ids, addresses, times, numbers) are replaced by `<kind>` so that the
// messages group. The kinds are tried in a fixed order at each position of the
// text, left to right, and the first kind that matches there wins; the order
// is the reference's and decides, for example, that a UUID is not read as
// several hex runs.

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const WEEKDAY = '(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat)';
const WEEKDAY_FULL_OR_SHORT = '(?:Sun|Sunday|Mon|Monday|Tue|Tuesday|Wed|Wednesday|Thu|Thursday|Fri|Friday|Sat|Saturday)';
const ZONE = '(?:UT|GMT|(?:E|C|M|P)(?:ST|DT)|[A-IK-Z])';
const NUMERIC_ZONE = '[-+]\\d{2}[0-5]\\d';
const IPV4_OCTET = '(?:25[0-5]|(?:2[0-4]|1?[0-9])?[0-9])';
const IPV4 = `(?:${IPV4_OCTET}\\.){3}${IPV4_OCTET}`;
const H16 = '[0-9a-fA-F]{1,4}';

// The hundred most common top-level domains; a hostname ends in one of them,
// written either all in lower case or all in upper case.
const TOP_LEVEL_DOMAINS = (
  'com net org jp de uk fr br it ru es me gov pl ca au cn co in nl edu info eu ch id at kr cz mx be tv se tr tw al ua ir vn ' +
  'cl sk ly cc to no fi us pt dk ar hu tk gr il news ro my biz ie za nz sg ee th io xyz pe bg hk rs lt link ph club si site ' +
  'mobi by cat wiki la ga xxx cf hr ng jobs online kz ug gq ae is lv pro fm tips ms sa app'
).split(' ');

const IPV6_FORMS = [
  `(?:${H16}:){7}${H16}`,
  `(?:${H16}:){1,7}:`,
  `(?:${H16}:){1,6}:${H16}`,
  `(?:${H16}:){1,5}(?::${H16}){1,2}`,
  `(?:${H16}:){1,4}(?::${H16}){1,3}`,
  `(?:${H16}:){1,3}(?::${H16}){1,4}`,
  `(?:${H16}:){1,2}(?::${H16}){1,5}`,
  `${H16}:(?:(?::${H16}){1,6})`,
  `:(?:(?::${H16}){1,7}|:)`,
  'fe80:(?::[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]+',
  `::(?:ffff(?::0{1,4})?:)?${IPV4}`,
  `(?:${H16}:){1,4}:${IPV4}\\b`,
];

const DATE_FORMS = [
  // RFC 822 / 1123
  `${WEEKDAY},\\s\\d{1,2}\\s${MONTH}\\s\\d{2,4}\\s\\d{1,2}:\\d{1,2}(?::\\d{1,2})?\\s(?:${NUMERIC_ZONE}|${ZONE})`,
  // "Mon Jan 02, 1999", "Jan 02, 1999"
  `(?:${WEEKDAY}\\s)?${MONTH}\\s[0-3]\\d,\\s\\d{2,4}`,
  // RFC 850
  `${WEEKDAY_FULL_OR_SHORT},\\s\\d{2}-${MONTH}-\\d{2}\\s\\d{2}:\\d{2}:\\d{2}\\s${ZONE}`,
  // RFC 3339 (with nanoseconds)
  '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z?(?:[+-]?\\d{2}:\\d{2})?',
  // JavaScript's Date#toString
  `${WEEKDAY}\\s${MONTH}\\s\\d{2}\\s\\d{4}\\s\\d{2}:\\d{2}:\\d{2}\\sGMT[+-]\\d{4}(?:\\s\\([^)]+\\))?`,
  // datetimes with an offset or Z, before plain ones so the offset is not left behind as an int
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d:?[0-5]\\d\\.\\d+(?:[+-][0-2]\\d:?[0-5]\\d|Z)',
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d:?[0-5]\\d(?:[+-][0-2]\\d:?[0-5]\\d|Z)',
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d(?:[+-][0-2]\\d:?[0-5]\\d|Z)',
  // plain datetimes
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d:?[0-5]\\d\\.\\d+',
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d:?[0-5]\\d',
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d',
  // kitchen time, 12 h then 24 h: at most two digits per field, seconds taken whole
  '(?<!\\d)(?:[1-9]|1[0-2]):[0-5]\\d(?::[0-5]\\d)?(?![\\d:])(?:\\s?[aApP][Mm])?',
  '(?<!\\d)(?:0?\\d|1\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?(?![\\d:])',
  // date, time
  '\\d{4}-[01]\\d-[0-3]\\d',
  '[0-2]\\d:[0-5]\\d:[0-5]\\d',
  // older forms kept by the reference
  `\\b(?:${WEEKDAY}\\s+)?${MONTH}\\s+\\d{1,2}\\s+\\d{2}:\\d{2}:\\d{2}\\s+\\d{4}`,
  `\\b(?:${WEEKDAY},\\s+)?(?:0[1-9]|[1-2]?\\d|3[01])\\s+${MONTH}\\s+(?:19\\d{2}|[2-9]\\d{3})\\s+(?:2[0-3]|[0-1]\\d):[0-5]\\d(?::(?:60|[0-5]\\d))?\\s+(?:${NUMERIC_ZONE}|${ZONE})`,
];
// Python's repr of a datetime. Its dots are the reference's unescaped `.`, which
// in Python matches anything but a newline.
const DATETIME_REPR = 'datetime[^\\n]datetime\\([^\\n]*?\\)';

/** The kinds, in the order they are tried, each with its pattern (and an optional `=` guard). */
export const PARAMETER_KINDS: ReadonlyArray<{ readonly name: string; readonly pattern: string; readonly afterEquals?: true }> = [
  { name: 'email', pattern: "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*" },
  { name: 'url', pattern: '\\b(?:wss?|https?|ftp)://[^\\s/$.?#][^\\n][^\\s]*' },
  {
    name: 'hostname',
    pattern: `\\b(?:[a-zA-Z0-9-]{1,63}\\.)+?(?:(?:${TOP_LEVEL_DOMAINS.map((tld) => tld.toUpperCase()).join('|')})|(?:${TOP_LEVEL_DOMAINS.join('|')}))\\b`,
  },
  // IPv6 may not start inside a word and may not run into one (`Foo::bar()` is not an address).
  { name: 'ip', pattern: `(?<![0-9a-zA-Z_])(?:${IPV6_FORMS.join('|')})(?![0-9a-zA-Z])|\\b${IPV4}\\b` },
  { name: 'traceparent', pattern: '\\b00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]\\b|\\b1-[0-9a-f]{8}-[0-9a-f]{24}\\b' },
  { name: 'uuid', pattern: '\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b' },
  { name: 'sha1', pattern: '\\b[0-9a-fA-F]{40}\\b' },
  { name: 'md5', pattern: '\\b[0-9a-fA-F]{32}\\b' },
  { name: 'date', pattern: [...DATE_FORMS, DATETIME_REPR].join('|') },
  // `12ms` needs a word start, `1.5s` a word end (the reference's asymmetry).
  { name: 'duration', pattern: '\\b\\d+ms|\\d+(?:\\.\\d+)?s\\b' },
  { name: 'swift_txn_id', pattern: '\\btx[0-9a-f]{21}-[0-9a-f]{10}\\S*' },
  {
    // 0x-prefixed; or, unprefixed and in one case, 4–6 chars mixing digits and
    // letters (7 are git SHAs) or 8–128 chars of anything hex. A leading minus
    // belongs to the value unless it joins two words.
    name: 'hex',
    pattern:
      '\\b0[xX][0-9a-fA-F]+\\b|(?:\\b|(?<!\\w)-)(?:(?=[a-f]*[0-9])(?=[0-9]*[a-f])[0-9a-f]{4,6}|(?=[A-F]*[0-9])(?=[0-9]*[A-F])[0-9A-F]{4,6}|[0-9a-f]{8,128}|[0-9A-F]{8,128})\\b',
  },
  { name: 'git_sha', pattern: '\\b(?=[a-f]*[0-9])(?=[0-9]*[a-f])[0-9a-f]{7}\\b' },
  { name: 'float', pattern: '-\\d+\\.\\d+\\b|\\b\\d+\\.\\d+\\b' },
  // Eight digits and more are hex.
  { name: 'int', pattern: '(?:\\b|(?<!\\w)-)\\d{1,7}\\b' },
  { name: 'quoted_str', pattern: `'[^']+'|"[^"]+"`, afterEquals: true },
  { name: 'bool', pattern: 'True|true|False|false', afterEquals: true },
];

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
    const end = matchEnd(text, at, facts);
    if (end === null) {
      at++;
      continue;
    }
    out += `${text.slice(copied, at)}<${end.name}>`;
    at = copied = end.end;
  }
  return out + text.slice(copied);
}

function matchEnd(text: string, at: number, facts: TextFacts): { name: string; end: number } | null {
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

const EMAIL_LOCAL_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-";
const HOST_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-';
const HOST_START_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-';
const HEX_CHARS = '0123456789abcdefABCDEF';
const DIGITS = '0123456789';
const TLD_AT_DOT = new RegExp(`\\.(?:(?:${TOP_LEVEL_DOMAINS.map((tld) => tld.toUpperCase()).join('|')})|(?:${TOP_LEVEL_DOMAINS.join('|')}))\\b`, 'y');

function asciiSet(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (const ch of chars) set[ch.charCodeAt(0)] = 1;
  return set;
}
const IS_EMAIL_LOCAL = asciiSet(EMAIL_LOCAL_CHARS);
const IS_HOST = asciiSet(HOST_CHARS);
const IS_DIGIT = asciiSet(DIGITS);
const inSet = (set: Uint8Array, code: number): boolean => code < 128 && set[code] === 1;

/**
 * Facts about the text around a position. The scan only moves forward, so each
 * fact is found by looking ahead once and remembered for the positions it
 * covers: linear in the text overall, and nothing allocated per character.
 */
class TextFacts {
  private readonly emailRun: RunEnd;
  private readonly digitRun: RunEnd;
  private readonly hostRun: RunEnd;
  private readonly closeParen: NextIndex;
  private readonly newline: NextIndex;
  private tldFrom = -1;
  private tldAt = -1;

  constructor(readonly text: string) {
    this.emailRun = new RunEnd(text, IS_EMAIL_LOCAL);
    this.digitRun = new RunEnd(text, IS_DIGIT);
    this.hostRun = new RunEnd(text, IS_HOST);
    this.closeParen = new NextIndex(text, ')');
    this.newline = new NextIndex(text, '\n');
  }

  /** Where the run of e-mail local-part characters starting here ends. */
  emailRunEnd(at: number): number {
    return this.emailRun.from(at);
  }

  /** Where the run of digits starting here ends. */
  digitRunEnd(at: number): number {
    return this.digitRun.from(at);
  }

  /** Where the run of hostname characters starting here ends. */
  hostRunEnd(at: number): number {
    return this.hostRun.from(at);
  }

  /** The first position at or after this one where a `.tld` ends a word (the text length if none). */
  nextTld(at: number): number {
    if (at >= this.tldFrom && at <= this.tldAt) return this.tldAt;
    const { text } = this;
    let found = text.length;
    for (let dot = text.indexOf('.', at); dot !== -1; dot = text.indexOf('.', dot + 1)) {
      TLD_AT_DOT.lastIndex = dot;
      if (TLD_AT_DOT.test(text)) {
        found = dot;
        break;
      }
    }
    this.tldFrom = at;
    this.tldAt = found;
    return found;
  }

  /** Whether a `)` comes before the end of the line. */
  closesParenOnLine(at: number): boolean {
    return this.closeParen.from(at) < this.newline.from(at);
  }
}

/** The end of the run of characters from a set that starts at a position. */
class RunEnd {
  private start = 0;
  private end = 0;

  constructor(private readonly text: string, private readonly set: Uint8Array) {}

  from(at: number): number {
    if (at >= this.start && at < this.end) return this.end;
    let end = at;
    while (end < this.text.length && inSet(this.set, this.text.charCodeAt(end))) end++;
    this.start = at;
    this.end = end;
    return end;
  }
}

/** The next occurrence of a character at or after a position (the text length if none). */
class NextIndex {
  private from_ = -1;
  private at_ = -1;

  constructor(private readonly text: string, private readonly char: string) {}

  from(at: number): number {
    if (at >= this.from_ && at <= this.at_) return this.at_;
    const found = this.text.indexOf(this.char, at);
    this.from_ = at;
    this.at_ = found === -1 ? this.text.length : found;
    return this.at_;
  }
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
