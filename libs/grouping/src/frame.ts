import { GroupingComponent } from './component';
import type { Frame } from './event';
import { trimFunctionName } from './function-name';
import { behaviorFamily, CONTEXT_LINE_PLATFORMS, hasUrlOrigin } from './platform';

// Code generators put counters or hashes into class names; the stable part is
// kept and the rest becomes `<auto>`.
const JAVA_CODEGEN_MARKERS: readonly RegExp[] = [
  /(sun\.reflect\.Generated(?:Serialization)?ConstructorAccessor)\d+/g, // reflection accessors
  /(\$\$[\w_]+?CGLIB\$\$)[a-fA-F0-9]+(_[0-9]+)?/g, // Spring CGLIB proxies
  /(\$\$_javassist)(?:_seam)?(?:_[0-9]+)?/g, // Javassist proxies
  /(\$fn__)\d+/g, // Clojure anonymous functions
  /(\$\$?EnhancerBy[\w_]+?\$?\$)[a-fA-F0-9]+(_[0-9]+)?/g, // Guice enhancers
  /(\$\$?FastClassBy[\w_]+?\$?\$)[a-fA-F0-9]+(_[0-9]+)?/g, // CGLIB fast classes
  /(\$\$?HibernateProxy\$?\$)\w+(_[0-9]+)?/g, // Hibernate proxies
];
const JAVASSIST_FILENAME = /(\$\$_javassist)(?:_seam)?(?:_[0-9]+)?/g;
const REFLECTION_ACCESSORS = ['sun.reflect.GeneratedMethodAccessor', 'jdk.internal.reflect.GeneratedMethodAccessor'];
const RUBY_ERB_SUFFIX = /__\d{4,}_\d{4,}$/;
const UNKNOWN_JS_FUNCTIONS = new Set(['?', '<anonymous function>', '<anonymous>', 'Anonymous function']);
const LOW_QUALITY_JS_PATHS = new Set(['[native code]', 'native code', 'eval code', '<anonymous>']);
const CONTEXT_LINE_MAX_LENGTH = 120;
const WHITESPACE_RUN = /\s+/g;

/**
 * One frame's component: module, filename, function and (on platforms with
 * trusted sources) the context line, each normalized by the platform's rules.
 */
export function frameComponent(frame: Frame, eventPlatform: string | null | undefined): GroupingComponent {
  const platform = frame.platform || eventPlatform || null;
  const filename = filenameComponent(frame.abs_path, frame.filename, platform);
  const module = moduleComponent(frame.abs_path, frame.module, platform);
  if (module.contributes && filename.contributes) filename.update({ contributes: false, hint: 'ignored because module takes precedence' });

  const contextLine = frame.context_line && platform !== null && CONTEXT_LINE_PLATFORMS.has(platform)
    ? contextLineComponent(frame, platform)
    : null;
  const fn = functionComponent(frame, platform, Boolean(frame.data?.sourcemap != null && contextLine?.contributes));

  const component = new GroupingComponent('frame', contextLine ? [module, filename, fn, contextLine] : [module, filename, fn]);
  component.inApp = frame.in_app ?? null;
  if (behaviorFamily(platform) === 'javascript') dropJavascriptNoise(frame, component, fn);
  return component;
}

function filenameComponent(absPath: string | null | undefined, filename: string | null | undefined, platform: string | null): GroupingComponent {
  if (filename == null) return new GroupingComponent('filename');
  const base = filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1).toLowerCase();
  const component = new GroupingComponent('filename', [base]);
  if (hasUrlOrigin(absPath, false)) component.update({ contributes: false, hint: 'ignored because frame points to a URL' });
  else if (base === '<anonymous>') component.update({ contributes: false, hint: 'ignored because filename is anonymous' });
  else if (base === '[native code]') component.update({ contributes: false, hint: 'ignored because filename suggests native code' });
  else if (platform === 'java') {
    const cleaned = base.replace(JAVASSIST_FILENAME, '$1<auto>');
    if (cleaned !== base) component.update({ values: [cleaned], hint: 'cleaned javassist parts' });
  }
  return component;
}

function moduleComponent(absPath: string | null | undefined, module: string | null | undefined, platform: string | null): GroupingComponent {
  if (module == null) return new GroupingComponent('module');
  const component = new GroupingComponent('module', [module]);
  // A JS "module" that is just the tail of the path carries nothing the path does not.
  if (platform === 'javascript' && module.includes('/') && absPath && absPath.endsWith(module)) {
    component.update({ contributes: false, hint: 'ignored bad javascript module' });
  } else if (platform === 'java') {
    if (module.includes('$$Lambda$')) component.update({ contributes: false, hint: 'ignored java lambda' });
    const accessor = REFLECTION_ACCESSORS.find((prefix) => module.startsWith(prefix));
    if (accessor) {
      component.update({ values: [accessor], hint: 'removed reflection marker' });
    } else {
      const cleaned = JAVA_CODEGEN_MARKERS.reduce((name, marker) => name.replace(marker, '$1<auto>'), module);
      if (cleaned !== module) component.update({ values: [cleaned], hint: 'removed codegen marker' });
    }
  }
  return component;
}

function functionComponent(frame: Frame, platform: string | null, sourcemapAndContextLine: boolean): GroupingComponent {
  // C# SDKs started trimming names late; the raw name keeps old groups stable.
  let name: string | null | undefined;
  if (platform === 'csharp') name = frame.raw_function || frame.function;
  else name = frame.function && !frame.raw_function ? trimFunctionName(frame.function, platform) : frame.function || frame.raw_function;
  if (!name) return new GroupingComponent('function');

  const component = new GroupingComponent('function', [name]);
  const family = behaviorFamily(platform);
  if (platform === 'ruby') {
    if (name.startsWith('block ')) component.update({ values: ['block'], hint: 'ruby block' });
    else if (RUBY_ERB_SUFFIX.test(name)) component.update({ values: [name.replace(RUBY_ERB_SUFFIX, '')], hint: 'removed generated erb template suffix' });
  } else if (platform === 'php') {
    if (name.startsWith('[Anonymous') || name.startsWith('class@anonymous\x00')) component.update({ contributes: false, hint: 'ignored anonymous function' });
    // Setting the method name switches the component back on, as in the reference.
    const separator = name.startsWith('class@anonymous') ? name.lastIndexOf('::') : -1;
    const method = separator >= 0 ? name.slice(separator + 2) : name;
    if (method !== name) component.update({ values: [method], hint: 'anonymous class method' });
  } else if (platform === 'java') {
    if (name.startsWith('lambda$')) component.update({ contributes: false, hint: 'ignored lambda function' });
  } else if (family === 'native') {
    if (name === '<redacted>' || name === '<unknown>') component.update({ contributes: false, hint: 'ignored unknown function' });
  } else if (family === 'javascript') {
    // `Object.foo` in one browser is `foo` in another.
    const short = afterLastDot(name);
    if (short !== name) component.update({ values: [short], hint: 'trimmed javascript function' });
    // Names from source maps are unreliable; the source line is better.
    if (sourcemapAndContextLine) component.update({ contributes: false, hint: 'ignored because sourcemap used and context line available' });
  }
  return component;
}

function contextLineComponent(frame: Frame, platform: string): GroupingComponent {
  const raw = frame.context_line ?? '';
  const line = raw.replace(WHITESPACE_RUN, ' ').trim();
  if (!line) return new GroupingComponent('context-line');
  const component = new GroupingComponent('context-line', [line]);
  if (codePointLength(raw) > CONTEXT_LINE_MAX_LENGTH) component.update({ contributes: false, hint: 'ignored because line is too long' });
  else if (behaviorFamily(platform) === 'javascript' && !frame.function && hasUrlOrigin(frame.abs_path, true)) {
    component.update({ contributes: false, hint: 'ignored because file path is a URL and function name is missing' });
  }
  return component;
}

// Anonymous and engine-internal JS frames differ between browsers; dropping
// them keeps one bug in one group. The frame keeps the contributes flag it was
// built with, as the reference's does.
function dropJavascriptNoise(frame: Frame, component: GroupingComponent, fn: GroupingComponent): void {
  const raw = frame.raw_function || frame.function;
  const name = raw ? afterLastDot(raw) : raw;
  if (!name) fn.update({ contributes: false });
  else if (UNKNOWN_JS_FUNCTIONS.has(name) || name.endsWith('/<')) fn.update({ contributes: false, hint: 'ignored unknown function name' });
  if (name === 'eval' || (frame.abs_path != null && LOW_QUALITY_JS_PATHS.has(frame.abs_path))) {
    component.update({ contributes: false, hint: 'ignored low quality javascript frame' });
  }
}

function afterLastDot(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

// The reference measures in code points; UTF-16 length is never smaller.
function codePointLength(text: string): number {
  if (text.length <= CONTEXT_LINE_MAX_LENGTH) return text.length;
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xd800 || code > 0xdbff || i + 1 === text.length) length++;
    else {
      const next = text.charCodeAt(i + 1);
      length++;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return length;
}
