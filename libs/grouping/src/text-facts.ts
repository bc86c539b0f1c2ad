import { TOP_LEVEL_DOMAINS } from './parameter-kinds';

// Character classes of the parameter kinds whose matches can be arbitrarily
// long, and the facts parameterize checks before trying those kinds.
export const EMAIL_LOCAL_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-";
const HOST_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-';
export const HOST_START_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-';
export const HEX_CHARS = '0123456789abcdefABCDEF';
export const DIGITS = '0123456789';
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
export class TextFacts {
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
