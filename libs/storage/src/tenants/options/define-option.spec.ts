import { z } from 'zod';
import {
  assertOptionScope,
  defineOption,
  InvalidOptionValueError,
  parseOptionValue,
  UnknownOptionError,
} from './define-option';
import {
  FEEDBACK_AI_SPAM_DETECTION,
  FEEDBACK_MESSAGE_MAX_SIZE,
  FEEDBACK_ORGANIZATION_SLUG_DENYLIST,
  findKnownOption,
  KNOWN_OPTIONS,
  PROJECT_RESOLVE_AGE,
} from './known-options';

describe('defineOption', () => {
  it('refuses a default its own schema rejects, naming the option', () => {
    expect(() =>
      defineOption({
        key: 'test.bad-default',
        scope: 'global',
        schema: z.number().int(),
        default: 1.5,
        description: 'broken on purpose',
      }),
    ).toThrow(/option "test\.bad-default": default/);
  });

  it('parses valid values and names the option and the problem for invalid ones', () => {
    expect(parseOptionValue(PROJECT_RESOLVE_AGE, 24)).toBe(24);
    let error: unknown;
    try {
      parseOptionValue(PROJECT_RESOLVE_AGE, 'a day');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidOptionValueError);
    expect((error as InvalidOptionValueError).optionKey).toBe('sentry:resolve_age');
    expect((error as Error).message).toMatch(
      /^Invalid value for option "sentry:resolve_age": Expected number/,
    );
  });

  it('keeps an option on its scope', () => {
    expect(() => assertOptionScope(PROJECT_RESOLVE_AGE, 'organization')).toThrow(
      UnknownOptionError,
    );
    expect(() => assertOptionScope(PROJECT_RESOLVE_AGE, 'project')).not.toThrow();
  });
});

describe('known options', () => {
  it('carry the reference defaults', () => {
    expect(FEEDBACK_MESSAGE_MAX_SIZE).toMatchObject({ scope: 'global', default: 4096 });
    expect(FEEDBACK_ORGANIZATION_SLUG_DENYLIST).toMatchObject({ scope: 'global', default: [] });
    expect(FEEDBACK_AI_SPAM_DETECTION).toMatchObject({ scope: 'project', default: true });
    expect(PROJECT_RESOLVE_AGE).toMatchObject({ scope: 'project', default: 0 });
  });

  it('are found by key and unique', () => {
    expect(findKnownOption('feedback.message.max-size')).toBe(FEEDBACK_MESSAGE_MAX_SIZE);
    expect(findKnownOption('no.such.option')).toBeUndefined();
    const keys = KNOWN_OPTIONS.map((option) => option.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
