import { behaviorFamily } from './platform';

/**
 * The short function name the reference derives when an SDK sent only a full
 * signature: C# drops the argument list, native code keeps just the function
 * token of a demangled C++/Rust/Swift symbol. Other platforms are untouched.
 */
export function trimFunctionName(fn: string, platform: string | null | undefined): string {
  if (platform === 'csharp') return fn.split(' (')[0];
  if (behaviorFamily(platform) === 'native') return trimNativeFunctionName(fn, platform);
  return fn;
}

/** The function name a frame groups and titles by (its raw name is kept as sent). */
export function functionNameOfFrame(frame: { function?: string | null; raw_function?: string | null; platform?: string | null }, eventPlatform: string | null | undefined): string | null {
  if (frame.raw_function) return frame.function ?? null;
  return frame.function ? trimFunctionName(frame.function, frame.platform || eventPlatform) : null;
}

// Stand-ins for characters that would upset bracket balancing; none of them
// occur in real symbols, and they are swapped back at the end.
const PLACEHOLDERS: ReadonlyArray<readonly [string, string]> = [
  ['operator<<', 'operator⟨⟨'],
  ['operator<', 'operator⟨'],
  ['operator()', 'operator◯'],
  ['operator->', 'operator⟿'],
  [' -> ', ' ⟿ '],
  ["`anonymous namespace'", '〔anonymousnamespace〕'],
];
const LAMBDA = /\{lambda\(.*?\)#\d+\}|\blambda_[a-f0-9]{32}\b|\$_\d+\b/g;
const LAMBDA_AT_START = /^(?:\{lambda\(.*?\)#\d+\}|\blambda_[a-f0-9]{32}\b|\$_\d+\b)/;
const MSVC_ANON_NAMESPACE = /\?A0x[a-f0-9]{8}::/g;
const CPP_TRAILER = /(\bconst\b|&)$/;
const RUST_HASH = /::h[a-z0-9]{16}$/;
const GLIBC_VERSION = /@@?GLIBC_([0-9.]+)$/;
const WINDOWS_DECL = /^@?(.*?)@[0-9]+$/;
const RUST_BLANKET_IMPL = /^([A-Z] as )/;
const TOKEN_BREAK = /\s|[({<[]/;
const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '{': '}', '[': ']', '<': '>' };

function trimNativeFunctionName(original: string, platform: string | null | undefined): string {
  if (original === '<redacted>' || original === '<unknown>') return original;
  let fn = original.trim();
  if (fn.startsWith('[') || fn.startsWith('+[') || fn.startsWith('-[')) return fn; // Objective-C selectors

  fn = replaceEnclosed(fn, '[', ']', (inner) => (inner.startsWith('clone .') ? '' : `[${inner}]`)).trimEnd();
  for (let trailer = CPP_TRAILER.exec(fn); trailer; trailer = CPP_TRAILER.exec(fn)) fn = fn.slice(0, trailer.index).trimEnd();
  for (const [from, to] of PLACEHOLDERS) fn = fn.split(from).join(to);
  if (fn.includes('lambda') || fn.includes('$_')) fn = fn.replace(LAMBDA, 'lambda');
  if (fn.includes('?A0x')) fn = fn.replace(MSVC_ANON_NAMESPACE, '〔anonymousnamespace〕::');

  fn = replaceEnclosed(fn, '(', ')', (inner) => {
    const value = inner.trim();
    return value === 'anonymous namespace' || value === 'operator' ? `(${value})` : '';
  });
  fn = replaceEnclosed(fn, '<', '>', resolveGenerics);

  const token = functionToken(fn, platform);
  if (token === null) fn = original;
  else fn = token.replace(/⟨/g, '<').replace(/◯/g, '()').replace(/⟿/g, '->').replace(/〔anonymousnamespace〕/g, "`anonymous namespace'");

  if (fn.includes('::h')) fn = fn.replace(RUST_HASH, '');
  if (fn.includes('@GLIBC_')) fn = fn.replace(GLIBC_VERSION, '');
  return fn.includes('@') ? fn.replace(WINDOWS_DECL, '$1') : fn;
}

// Generic arguments collapse to <T>, except a leading `<Foo as Bar>` (Rust's
// trait-qualified path), which keeps the type, and lambdas, which stay as is.
function resolveGenerics(inner: string, start: number): string {
  if (inner === 'lambda' || LAMBDA_AT_START.test(inner)) return `<${inner}>`;
  if (start > 0) return '<T>';
  const value = replaceEnclosed(inner.replace(RUST_BLANKET_IMPL, ''), '<', '>', resolveGenerics);
  return value.split(' as ')[0];
}

// The function's own token: the one before a Swift `->` return marker (skipping
// `throws`), else the last one; Swift attributes and closures are named.
function functionToken(fn: string, platform: string | null | undefined): string | null {
  const isThunk = fn.includes('thunk for ');
  const tokens = splitTokens(fn);
  if (tokens.length > 1 && tokens[tokens.length - 1] === '<T>') {
    tokens.pop();
    tokens[tokens.length - 1] += ' <T>';
  }
  let token: string | undefined;
  if (fn.includes('initialization expression of')) {
    const ofIndex = tokens.lastIndexOf('of');
    token = tokens[ofIndex + 1] === 'static' ? tokens[ofIndex + 2] : tokens[ofIndex + 1];
    if (token?.startsWith(':')) token = token.slice(1);
    token = `initializer expression of ${token}`;
  } else if (tokens.length > 0) {
    const arrow = tokens.lastIndexOf('⟿');
    if (arrow === -1) token = tokens[tokens.length - 1];
    else {
      token = fromEither(tokens, arrow - 1);
      if (token === 'throws') token = fromEither(tokens, arrow - 2);
    }
  }
  if (!token) return null;
  if (token.startsWith('@') && (platform === 'cocoa' || platform === 'swift')) return `${isThunk ? 'thunk for ' : ''}closure`;
  if (tokens.includes('closure') && token !== 'closure') return `closure in ${token}`;
  return token;
}

/** The reference indexes with Python semantics: a negative index counts from the end. */
function fromEither(tokens: readonly string[], index: number): string | undefined {
  return index < 0 ? tokens[tokens.length + index] : tokens[index];
}

/** Replaces each outermost `open…close` span with what `replace` returns for its inside. */
function replaceEnclosed(s: string, open: string, close: string, replace: (inner: string, start: number) => string): string {
  if (!s.includes(open)) return s;
  let depth = 0;
  let start = 0;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === open) {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === close) {
      depth--;
      if (depth === 0) out += replace(s.slice(start + 1, i), start);
    } else if (depth === 0) {
      out += ch;
    }
  }
  return out;
}

/**
 * Splits on whitespace outside brackets, a bracketed group staying inside its
 * token. Like the reference, text after an opener that never closes is dropped.
 */
function splitTokens(s: string): string[] {
  if (s && !TOKEN_BREAK.test(s)) return [s];
  const tokens: string[] = [];
  const stack: string[] = [];
  let token = '';
  let hasToken = false;
  let end = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (CLOSERS[ch] !== undefined) {
      stack.push(CLOSERS[ch]);
    } else if (stack.length > 0 && ch === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) {
        token += s.slice(end, i + 1);
        hasToken = true;
        end = i + 1;
      }
    } else if (stack.length === 0) {
      if (/\s/.test(ch)) {
        if (hasToken) tokens.push(token);
        token = '';
        hasToken = false;
      } else {
        token += s.slice(end, i + 1);
        hasToken = true;
      }
      end = i + 1;
    }
  }
  if (hasToken) tokens.push(token);
  return tokens;
}
