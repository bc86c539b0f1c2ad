import { md5OfValues, valuesOf, variantNamed } from '../test/expect-hash';
import type { ErrorEvent, Frame } from './event';
import { groupEvent } from './grouping';

const appFrame = (fn: string, lineno = 1): Frame => ({ module: 'app.views', filename: 'app/views.py', function: fn, lineno, in_app: true });
const libFrame = (fn: string): Frame => ({ module: 'django.core', filename: 'django/core.py', function: fn, in_app: false });

describe('groupEvent', () => {
  describe('strategy priority', () => {
    it('prefers the exception over threads, stack trace and message', () => {
      const result = groupEvent({
        platform: 'python',
        exception: { values: [{ type: 'KeyError', value: "'id'", stacktrace: { frames: [appFrame('show')] } }] },
        threads: { values: [{ crashed: true, stacktrace: { frames: [appFrame('other')] } }] },
        stacktrace: { frames: [appFrame('third')] },
        logentry: { formatted: 'boom' },
      });
      expect(result.strategy).toBe('chained-exception');
      expect(valuesOf(result, 'app')).toEqual(['app.views', 'show', 'KeyError']);
      expect(variantNamed(result, 'default').hash).toBeNull();
      expect(result.hashes).toEqual([md5OfValues(['app.views', 'show', 'KeyError'])]);
    });

    it('falls back to threads when the exception contributes nothing', () => {
      const result = groupEvent({
        platform: 'native',
        exception: { values: [{ mechanism: { synthetic: true } }] },
        threads: { values: [{ crashed: true, stacktrace: { frames: [{ function: 'crash', package: 'app', in_app: true }] } }] },
      });
      expect(result.strategy).toBe('threads');
      expect(result.hashes).toEqual([md5OfValues(['crash'])]);
    });

    it('uses the event stack trace when there is neither exception nor thread', () => {
      const result = groupEvent({ platform: 'python', stacktrace: { frames: [libFrame('dispatch'), appFrame('show')] } });
      expect(result.strategy).toBe('stacktrace');
      expect(result.hashes).toEqual([md5OfValues(['app.views', 'show']), md5OfValues(['django.core', 'dispatch', 'app.views', 'show'])]);
    });

    it('uses a template before the message', () => {
      const result = groupEvent({ template: { filename: 'index.html', context_line: '{{ user.name }}' }, logentry: { formatted: 'x' } });
      expect(result.strategy).toBe('template');
      expect(result.hashes).toEqual([md5OfValues(['index.html', '{{ user.name }}'])]);
    });

    it('groups by the parameterized message last', () => {
      const result = groupEvent({ logentry: { message: 'User %s failed', formatted: 'User 42 failed' } });
      expect(result.strategy).toBe('message');
      expect(valuesOf(result, 'default')).toEqual(['User <int> failed']);
    });

    it('falls back to the raw message when nothing is formatted', () => {
      expect(valuesOf(groupEvent({ logentry: { message: 'Disk full on volume 3 (/dev/sda1)' } }), 'default')).toEqual(['Disk full on volume <int> (/dev/sda1)']);
    });
  });

  describe('app and system variants', () => {
    const event: ErrorEvent = {
      platform: 'python',
      exception: { values: [{ type: 'ValueError', value: 'bad', stacktrace: { frames: [libFrame('dispatch'), appFrame('show')] } }] },
    };

    it('hashes the app variant first and the system variant last', () => {
      const result = groupEvent(event);
      expect(result.hashes).toEqual([md5OfValues(['app.views', 'show', 'ValueError']), md5OfValues(['django.core', 'dispatch', 'app.views', 'show', 'ValueError'])]);
      expect(result.primaryHash).toBe(result.hashes[0]);
    });

    it('gives one hash when every frame is in-app', () => {
      const result = groupEvent({ ...event, exception: { values: [{ type: 'ValueError', stacktrace: { frames: [appFrame('a'), appFrame('b')] } }] } });
      expect(result.hashes).toEqual([md5OfValues(['app.views', 'a', 'app.views', 'b', 'ValueError'])]);
    });

    it('drops the app variant when no frame is in-app', () => {
      const result = groupEvent({ ...event, exception: { values: [{ type: 'ValueError', value: 'bad', stacktrace: { frames: [libFrame('a')] } }] } });
      expect(variantNamed(result, 'app').hash).toBeNull();
      expect(result.hashes).toEqual([md5OfValues(['django.core', 'a', 'ValueError'])]);
    });

    it('groups an exception without stack trace by type and value, app variant only', () => {
      const result = groupEvent({ exception: { values: [{ type: 'Timeout', value: 'after 30 s' }] } });
      expect(result.variants.map((variant) => variant.name)).toEqual(['app']);
      expect(result.hashes).toEqual([md5OfValues(['Timeout', 'after <int> s'])]);
    });

    it('ignores the value once a stack trace contributes', () => {
      const result = groupEvent(event);
      expect(valuesOf(result, 'system')).not.toContain('bad');
    });

    it('collapses direct recursion', () => {
      const result = groupEvent({ platform: 'python', stacktrace: { frames: [appFrame('walk', 3), appFrame('walk', 3), appFrame('walk', 3), appFrame('leaf', 9)] } });
      expect(valuesOf(result, 'app')).toEqual(['app.views', 'walk', 'app.views', 'leaf']);
    });

    it('does not collapse the same function at different lines', () => {
      const result = groupEvent({ platform: 'python', stacktrace: { frames: [appFrame('walk', 3), appFrame('walk', 4)] } });
      expect(valuesOf(result, 'app')).toEqual(['app.views', 'walk', 'app.views', 'walk']);
    });
  });

  describe('exceptions', () => {
    it('ignores the type of a synthetic exception', () => {
      const result = groupEvent({ exception: { values: [{ type: 'SIGSEGV', value: 'Segfault', mechanism: { synthetic: true } }] } });
      expect(result.hashes).toEqual([md5OfValues(['Segfault'])]);
    });

    it('puts NSError domain and code before the value, which they replace', () => {
      const result = groupEvent({
        platform: 'cocoa',
        exception: { values: [{ type: 'NSError', value: 'The operation failed', mechanism: { meta: { ns_error: { domain: 'NSURLErrorDomain', code: -1001 } } } }] },
      });
      expect(valuesOf(result, 'app')).toEqual(['NSError', 'NSURLErrorDomain', '-1001']);
    });

    it('hashes every exception of a chain, innermost cause first', () => {
      const result = groupEvent({
        platform: 'python',
        exception: { values: [
          { type: 'ConnectionError', value: 'refused', stacktrace: { frames: [appFrame('connect')] } },
          { type: 'ServiceUnavailable', value: 'try later', stacktrace: { frames: [appFrame('handle')] } },
        ] },
      });
      expect(valuesOf(result, 'app')).toEqual(['app.views', 'connect', 'ConnectionError', 'app.views', 'handle', 'ServiceUnavailable']);
    });

    it('leaves a stack-less exception out of the system variant of a chain', () => {
      const result = groupEvent({
        platform: 'python',
        exception: { values: [
          { type: 'OSError', value: 'disk' },
          { type: 'RuntimeError', value: 'wrap', stacktrace: { frames: [libFrame('run'), appFrame('job')] } },
        ] },
      });
      expect(valuesOf(result, 'app')).toEqual(['OSError', 'disk', 'app.views', 'job', 'RuntimeError']);
      expect(valuesOf(result, 'system')).toEqual(['django.core', 'run', 'app.views', 'job', 'RuntimeError']);
    });
  });

  describe('threads', () => {
    const thread = (fn: string, flags: { crashed?: boolean; current?: boolean } = {}) => ({ ...flags, stacktrace: { frames: [{ function: fn, package: 'app', in_app: true }] } });

    it.each([
      ['the crashed thread', [thread('a'), thread('b', { crashed: true }), thread('c', { current: true })], 'b'],
      ['the current thread when none crashed', [thread('a'), thread('c', { current: true })], 'c'],
      ['the only thread', [thread('solo')], 'solo'],
    ])('uses %s', (_case, threads, expected) => {
      expect(groupEvent({ platform: 'native', threads: { values: threads } }).hashes).toEqual([md5OfValues([expected])]);
    });

    it('does not use threads when none stands out', () => {
      const result = groupEvent({ platform: 'native', threads: { values: [thread('a'), thread('b')] } });
      expect(result.strategy).toBeNull();
      expect(result.hashes).toEqual([md5OfValues([])]);
    });
  });

  describe('fingerprints', () => {
    const event: ErrorEvent = {
      platform: 'python',
      transaction: '/checkout',
      exception: { values: [{ type: 'PaymentError', value: 'declined', stacktrace: { frames: [libFrame('call'), appFrame('pay')] } }] },
    };
    const app = ['app.views', 'pay', 'PaymentError'];
    const system = ['django.core', 'call', ...app];

    it('treats an explicit {{ default }} like no fingerprint', () => {
      expect(groupEvent({ ...event, fingerprint: ['{{default}}'] }).hashes).toEqual(groupEvent(event).hashes);
      expect(groupEvent({ ...event, fingerprint: [] }).fingerprintType).toBe('default');
    });

    it('replaces grouping with a custom fingerprint, variables resolved', () => {
      const result = groupEvent({ ...event, fingerprint: ['payments', '{{ transaction }}', '{{ type }}'] });
      expect(result.fingerprintType).toBe('custom');
      expect(result.fingerprint).toEqual(['payments', '/checkout', 'PaymentError']);
      expect(result.hashes).toEqual([md5OfValues(['payments', '/checkout', 'PaymentError'])]);
      expect(variantNamed(result, 'app').hash).toBeNull();
    });

    it('salts every variant with a hybrid fingerprint', () => {
      const result = groupEvent({ ...event, fingerprint: ['{{ default }}', 'eu', '{{ level }}'] });
      expect(result.fingerprintType).toBe('hybrid');
      expect(result.hashes).toEqual([md5OfValues([...app, 'eu', '<no-level>']), md5OfValues([...system, 'eu', '<no-level>'])]);
    });

    it('expands {{ default }} where it stands', () => {
      const result = groupEvent({ ...event, fingerprint: ['tenant-a', '{{ default }}'] });
      expect(result.hashes[0]).toBe(md5OfValues(['tenant-a', ...app]));
    });

    it('keeps unknown variables as written (2023 config)', () => {
      const result = groupEvent({ ...event, fingerprint: ['{{ nonsense }}'] });
      expect(result.hashes).toEqual([md5OfValues(['{{ nonsense }}'])]);
    });
  });

  it('puts an event with nothing to group by into the fallback group', () => {
    const result = groupEvent({});
    expect(result.hashes).toEqual(['d41d8cd98f00b204e9800998ecf8427e']);
    expect(result.variants.map((variant) => variant.name)).toEqual(['fallback']);
  });

  it('names its config', () => {
    expect(groupEvent({}).config).toBe('newstyle:2023-01-11');
  });
});
