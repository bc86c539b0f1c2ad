import type { z } from 'zod';

/** Where an option's value lives: server-wide, per organisation or per project. */
export type OptionScope = 'global' | 'organization' | 'project';

/**
 * A typed option: its key as stored, the scope it may be set on, the zod
 * schema every stored value must satisfy and the default used when no value
 * is stored (or the stored one is invalid).
 */
export interface OptionDefinition<T, S extends OptionScope = OptionScope> {
  readonly key: string;
  readonly scope: S;
  readonly schema: z.ZodType<T>;
  readonly default: T;
  readonly description: string;
}

/** What a registry of mixed options holds (the admin CLI looks options up by key). */
export type AnyOptionDefinition = OptionDefinition<unknown>;

/** A value that does not satisfy the option's schema; the message names the option. */
export class InvalidOptionValueError extends Error {
  override readonly name = 'InvalidOptionValueError';
  constructor(
    readonly optionKey: string,
    readonly issues: string,
  ) {
    super(`Invalid value for option "${optionKey}": ${issues}`);
  }
}

/** Unknown key, or an option set on the wrong scope. */
export class UnknownOptionError extends Error {
  override readonly name = 'UnknownOptionError';
}

/**
 * Declares an option. The default is checked against the schema right away,
 * so a wrong default fails at import time rather than when a consumer first
 * falls back to it.
 */
export function defineOption<T, S extends OptionScope>(
  definition: OptionDefinition<T, S>,
): OptionDefinition<T, S> {
  const checked = definition.schema.safeParse(definition.default);
  if (!checked.success) {
    throw new InvalidOptionValueError(definition.key, `default ${describeIssues(checked.error)}`);
  }
  return Object.freeze({ ...definition });
}

/** Validates `value` for `option`, returning the parsed value or throwing an error naming the option. */
export function parseOptionValue<T>(option: OptionDefinition<T>, value: unknown): T {
  const parsed = option.schema.safeParse(value);
  if (!parsed.success) throw new InvalidOptionValueError(option.key, describeIssues(parsed.error));
  return parsed.data;
}

export function isOptionOfScope<S extends OptionScope>(
  option: AnyOptionDefinition,
  scope: S,
): option is OptionDefinition<unknown, S> {
  return option.scope === scope;
}

/** Guards the untyped path (the CLI): a project option must not be written to an organisation. */
export function assertOptionScope(option: AnyOptionDefinition, scope: OptionScope): void {
  if (option.scope !== scope) {
    throw new UnknownOptionError(
      `Option "${option.key}" is a ${option.scope} option and cannot be set on the ${scope} scope`,
    );
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}
