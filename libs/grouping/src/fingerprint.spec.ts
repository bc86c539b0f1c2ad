import type { ErrorEvent } from './event';
import { fingerprintType, fingerprintVariable, resolveFingerprint } from './fingerprint';

const event: ErrorEvent = {
  platform: 'native',
  transaction: 'GET /orders',
  level: 'warning',
  logger: 'orders',
  tags: [['region', 'eu'], ['empty', null]],
  exception: { values: [
    { type: 'Inner', value: 'inner value' },
    { type: 'Outer', value: 'outer value', stacktrace: { frames: [
      { function: 'main', abs_path: '/src/main.c', filename: 'main.c', module: 'main', package: '/usr/bin/app', in_app: true },
      { function: 'ns::crash(int)', abs_path: '/src/lib/crash.cc', filename: 'crash.cc', package: 'C:\\libs\\crash.dll', in_app: false },
    ] } },
  ] },
};

describe('fingerprint variables', () => {
  it('recognizes variables with any inner spacing', () => {
    expect(fingerprintVariable('{{ type }}')).toBe('type');
    expect(fingerprintVariable('{{type}}')).toBe('type');
    expect(fingerprintVariable('x {{ type }}')).toBeNull();
  });

  it.each([
    ['{{ transaction }}', 'GET /orders'],
    ['{{ type }}', 'Outer'],
    ['{{ error.type }}', 'Outer'],
    ['{{ value }}', 'outer value'],
    ['{{ error.value }}', 'outer value'],
    ['{{ message }}', 'outer value'],
    ['{{ function }}', 'main'],
    ['{{ stack.function }}', 'main'],
    ['{{ path }}', '/src/main.c'],
    ['{{ stack.abs_path }}', '/src/main.c'],
    ['{{ stack.filename }}', 'main.c'],
    ['{{ module }}', 'main'],
    ['{{ package }}', 'app'],
    ['{{ level }}', 'warning'],
    ['{{ logger }}', 'orders'],
    ['{{ tags.region }}', 'eu'],
  ])('resolves %s from the event (crash frame = last in-app frame)', (entry, expected) => {
    expect(resolveFingerprint([entry], event)).toEqual([expected]);
  });

  it('uses the last frame when none is in-app, trimmed like grouping trims it', () => {
    const noInApp: ErrorEvent = { platform: 'native', stacktrace: { frames: [{ function: 'a' }, { function: 'ns::crash(int)', package: 'C:\\libs\\crash.dll' }] } };
    expect(resolveFingerprint(['{{ function }}', '{{ package }}'], noInApp)).toEqual(['ns::crash', 'crash.dll']);
  });

  it('prefers the formatted message for {{ message }}', () => {
    expect(resolveFingerprint(['{{ message }}'], { ...event, logentry: { message: 'raw %s', formatted: 'raw 1' } })).toEqual(['raw 1']);
  });

  it('reads tags given as an object too', () => {
    expect(resolveFingerprint(['{{ tags.region }}'], { tags: { region: 'us' } })).toEqual(['us']);
  });

  it.each([
    ['{{ transaction }}', '<no-transaction>'],
    ['{{ message }}', '<no-message>'],
    ['{{ type }}', '<no-type>'],
    ['{{ value }}', '<no-value>'],
    ['{{ function }}', '<no-function>'],
    ['{{ path }}', '<no-abs-path>'],
    ['{{ stack.filename }}', '<no-filename>'],
    ['{{ module }}', '<no-module>'],
    ['{{ package }}', '<no-package>'],
    ['{{ level }}', '<no-level>'],
    ['{{ logger }}', '<no-logger>'],
    ['{{ tags.empty }}', '<no-value-for-tag-empty>'],
  ])('falls back for %s', (entry, expected) => {
    expect(resolveFingerprint([entry], { tags: [['empty', null]] })).toEqual([expected]);
  });

  it('keeps {{ default }} in canonical form and unknown variables as written', () => {
    expect(resolveFingerprint(['{{default}}', '{{ whatever }}', 'literal'], event)).toEqual(['{{ default }}', '{{ whatever }}', 'literal']);
  });
});

describe('fingerprintType', () => {
  it('classifies default, hybrid and custom fingerprints', () => {
    expect(fingerprintType(['{{ default }}'])).toBe('default');
    expect(fingerprintType(['{{ default }}', 'x'])).toBe('hybrid');
    expect(fingerprintType(['x', '{{ type }}'])).toBe('custom');
  });
});
