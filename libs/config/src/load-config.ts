import { z } from 'zod';

/** Raised at start-up when environment variables are missing or malformed. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment against an app's config schema, reporting every bad
 * variable at once (not just the first) so an operator fixes them in one go.
 */
export function loadConfig<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<Shape>> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.');
    const value = env[variable];
    const shown = value === undefined ? 'unset' : JSON.stringify(value);
    return `${variable}: ${issue.message} (got ${shown})`;
  });
  throw new ConfigError(problems);
}
