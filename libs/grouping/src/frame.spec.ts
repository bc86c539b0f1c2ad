import type { Frame } from './event';
import { frameComponent } from './frame';

const valuesOf = (frame: Frame, platform: string): unknown[] => frameComponent(frame, platform).contributingValues();
const contributes = (frame: Frame, platform: string): boolean => frameComponent(frame, platform).contributes;

describe('frame component', () => {
  describe('module and filename', () => {
    it('prefers the module over the filename', () => {
      expect(valuesOf({ module: 'app.models', filename: 'app/models.py', function: 'save' }, 'python')).toEqual(['app.models', 'save']);
    });

    it('uses the lower-cased basename of the filename, whichever separator', () => {
      expect(valuesOf({ filename: 'C:\\Src\\App\\Main.CS', function: 'Run' }, 'csharp')).toEqual(['main.cs', 'Run']);
      expect(valuesOf({ filename: '/srv/app/Handler.rb', function: 'call' }, 'ruby')).toEqual(['handler.rb', 'call']);
    });

    it.each(['http://cdn.example.com/app.js', 'https://cdn.example.com/app.js', 'blob:https://example.com/1', 'applewebdata://x/app.js'])(
      'drops the filename when the path is a URL (%s)',
      (absPath) => {
        expect(valuesOf({ filename: 'app.js', abs_path: absPath, function: 'init' }, 'javascript')).toEqual(['init']);
      },
    );

    it('keeps the filename of a file: path', () => {
      expect(valuesOf({ filename: 'app.js', abs_path: 'file:///srv/app.js', function: 'init' }, 'javascript')).toEqual(['app.js', 'init']);
    });

    it('drops anonymous and native-code filenames', () => {
      expect(valuesOf({ filename: '<anonymous>', function: 'init' }, 'javascript')).toEqual(['init']);
      expect(valuesOf({ filename: '[native code]', function: 'map' }, 'javascript')).toEqual(['map']);
    });

    it('ignores a JavaScript module that is only the tail of the path', () => {
      expect(valuesOf({ module: 'src/app', abs_path: '/srv/src/app', filename: 'app.js', function: 'go' }, 'javascript')).toEqual(['app.js', 'go']);
    });
  });

  describe('java', () => {
    it('ignores lambda modules and lambda functions', () => {
      expect(valuesOf({ module: 'com.example.Foo$$Lambda$42/0x123', filename: 'Foo.java', function: 'apply' }, 'java')).toEqual(['foo.java', 'apply']);
      expect(valuesOf({ module: 'com.example.Foo', function: 'lambda$run$0' }, 'java')).toEqual(['com.example.Foo']);
    });

    it('strips reflection accessor counters', () => {
      expect(valuesOf({ module: 'sun.reflect.GeneratedMethodAccessor123', function: 'invoke' }, 'java')).toEqual(['sun.reflect.GeneratedMethodAccessor', 'invoke']);
      expect(valuesOf({ module: 'jdk.internal.reflect.GeneratedMethodAccessor7', function: 'invoke' }, 'java')).toEqual(['jdk.internal.reflect.GeneratedMethodAccessor', 'invoke']);
      expect(valuesOf({ module: 'sun.reflect.GeneratedConstructorAccessor45', function: 'newInstance' }, 'java')).toEqual(['sun.reflect.GeneratedConstructorAccessor<auto>', 'newInstance']);
    });

    it.each([
      ['com.example.Service$$EnhancerBySpringCGLIB$$1a2b3c4d', 'com.example.Service$$EnhancerBySpringCGLIB$$<auto>'],
      ['com.example.Resource_$$_javassist_seam_74', 'com.example.Resource_$$_javassist<auto>'],
      ['myapp.core$fn__12345', 'myapp.core$fn__<auto>'],
      ['com.example.Controller$$EnhancerByGuice$$ae46b1bf', 'com.example.Controller$$EnhancerByGuice$$<auto>'],
      ['com.example.Controller$$FastClassByGuice$$caceacd2', 'com.example.Controller$$FastClassByGuice$$<auto>'],
      ['com.example.User$HibernateProxy$oRWxjAWT', 'com.example.User$HibernateProxy$<auto>'],
    ])('replaces the code-generation marker of %s', (module, expected) => {
      expect(valuesOf({ module, function: 'call' }, 'java')).toEqual([expected, 'call']);
    });

    it('cleans javassist file names', () => {
      expect(valuesOf({ filename: 'EntriesResource_$$_javassist_seam_74.java', function: 'get' }, 'java')).toEqual(['entriesresource_$$_javassist<auto>.java', 'get']);
    });
  });

  describe('functions', () => {
    it('collapses ruby blocks and erb suffixes', () => {
      expect(valuesOf({ filename: 'a.rb', function: 'block (2 levels) in <main>' }, 'ruby')).toEqual(['a.rb', 'block']);
      expect(valuesOf({ filename: 'show.html.erb', function: '_app_views_show_html_erb___2412_1234' }, 'ruby')).toEqual(['show.html.erb', '_app_views_show_html_erb_']);
    });

    it('ignores PHP anonymous functions and keeps the method of an anonymous class', () => {
      expect(valuesOf({ filename: 'a.php', function: '[Anonymous function]' }, 'php')).toEqual(['a.php']);
      expect(valuesOf({ filename: 'a.php', function: 'class@anonymous\x00/app/a.php:12$0::handle' }, 'php')).toEqual(['a.php', 'handle']);
    });

    it('ignores unknown native functions', () => {
      expect(valuesOf({ package: 'libapp.so', function: '<unknown>' }, 'native')).toEqual([]);
      expect(valuesOf({ filename: 'main.c', function: '<redacted>' }, 'c')).toEqual(['main.c']);
    });

    it('trims native signatures to the function name', () => {
      expect(valuesOf({ function: 'std::vector<int>::push_back(int const&)' }, 'native')).toEqual(['std::vector<T>::push_back']);
    });

    it('keeps only the part after the last dot of a JavaScript function', () => {
      expect(valuesOf({ filename: 'app.js', function: 'Object.foo.bar' }, 'javascript')).toEqual(['app.js', 'bar']);
    });

    it.each(['?', '<anonymous>', '<anonymous function>', 'Anonymous function', 'forEach/<'])('ignores the JavaScript function %s', (fn) => {
      expect(valuesOf({ filename: 'app.js', function: fn }, 'javascript')).toEqual(['app.js']);
    });

    it('prefers the raw function for C#', () => {
      expect(valuesOf({ module: 'App.Svc', function: 'Run', raw_function: 'Run (int)' }, 'csharp')).toEqual(['App.Svc', 'Run (int)']);
      expect(valuesOf({ module: 'App.Svc', function: 'Run (int)' }, 'csharp')).toEqual(['App.Svc', 'Run (int)']);
    });

    it('leaves function names of other platforms as sent', () => {
      expect(valuesOf({ module: 'App', function: 'Run (int)' }, 'python')).toEqual(['App', 'Run (int)']);
    });
  });

  describe('context line', () => {
    it('collapses whitespace and contributes on platforms with trusted sources', () => {
      expect(valuesOf({ module: 'app', function: 'f', context_line: '\t  x =  compute(\ty )  ' }, 'python')).toEqual(['app', 'f', 'x = compute( y )']);
    });

    it('is not used on other platforms', () => {
      expect(valuesOf({ module: 'app', function: 'f', context_line: 'x = 1' }, 'java')).toEqual(['app', 'f']);
    });

    it('is ignored beyond 120 characters', () => {
      expect(valuesOf({ module: 'app', function: 'f', context_line: 'x'.repeat(121) }, 'python')).toEqual(['app', 'f']);
      expect(valuesOf({ module: 'app', function: 'f', context_line: 'x'.repeat(120) }, 'python')).toEqual(['app', 'f', 'x'.repeat(120)]);
    });

    it('is ignored for a JavaScript frame from a URL without a function', () => {
      expect(valuesOf({ abs_path: 'https://x.io/a.js', filename: 'a.js', context_line: 'go()' }, 'javascript')).toEqual([]);
      expect(valuesOf({ abs_path: 'file:///a.js', filename: 'a.js', context_line: 'go()' }, 'javascript')).toEqual(['a.js']);
    });

    it('replaces the JavaScript function when a source map was used', () => {
      const frame = { abs_path: 'webpack:///./src/a.js', filename: './src/a.js', function: 'onClick', context_line: 'save(form);', data: { sourcemap: 'https://x.io/a.js.map' } };
      expect(valuesOf(frame, 'javascript')).toEqual(['a.js', 'save(form);']);
    });
  });

  describe('low-quality JavaScript frames', () => {
    it.each(['[native code]', 'native code', 'eval code', '<anonymous>'])('drops frames at %s', (absPath) => {
      expect(contributes({ abs_path: absPath, filename: 'x.js', function: 'f' }, 'javascript')).toBe(false);
    });

    it('drops eval frames', () => {
      expect(contributes({ filename: 'x.js', function: 'eval' }, 'javascript')).toBe(false);
    });

    it('keeps an unnamed frame counted as contributing when its function was the only value (a reference quirk)', () => {
      const component = frameComponent({ abs_path: 'https://x.io/a.js', filename: 'a.js', function: '?' }, 'javascript');
      expect(component.contributes).toBe(true);
      expect(component.contributingValues()).toEqual([]);
    });
  });

  it('uses the frame platform over the event platform', () => {
    expect(valuesOf({ module: 'Foo$$Lambda$1', filename: 'Foo.java', function: 'x', platform: 'java' }, 'python')).toEqual(['foo.java', 'x']);
  });
});
