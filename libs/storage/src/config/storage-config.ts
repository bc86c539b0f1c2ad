import { z } from 'zod';
import {
  DEFAULT_CLICKHOUSE_DATABASE,
  DEFAULT_CLICKHOUSE_PATH,
  resolveChdbPath,
} from '../clickhouse/clickhouse-defaults';

/** Defaults match the local stack (deploy/local), so a developer sets nothing. */
export const STORAGE_ENV_DEFAULTS = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/issuestream',
  REDIS_URL: 'redis://127.0.0.1:6379/0',
  CLICKHOUSE_PATH: DEFAULT_CLICKHOUSE_PATH,
  CLICKHOUSE_DATABASE: DEFAULT_CLICKHOUSE_DATABASE,
} as const;

export interface StorageConfig {
  readonly postgres: { readonly url: string };
  readonly redis: { readonly url: string };
  readonly clickhouse: {
    /** Set: a ClickHouse server over HTTP. Unset: embedded chDB at `path`. */
    readonly url?: string;
    /** Absolute data directory for chDB, or ':memory:'. */
    readonly path: string;
    readonly database: string;
  };
}

export class StorageConfigError extends Error {
  override readonly name = 'StorageConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid storage configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** Env files often carry `VAR=` to mean "unset"; treat blank as absent so defaults apply. */
const blankAsUnset = (v: unknown): unknown =>
  typeof v === 'string' && v.trim() === '' ? undefined : v;

/** Hides a password before a value is echoed into an error message or a log. */
function redact(value: string): string {
  return value.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
}

function urlVariable(protocols: readonly string[], example: string) {
  return z.string().superRefine((value, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `is not a URL ("${redact(value)}"); expected e.g. ${example}`,
      });
      return;
    }
    if (!protocols.includes(parsed.protocol)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must use ${protocols.map((p) => `${p}//`).join(' or ')}, got "${redact(value)}"; expected e.g. ${example}`,
      });
    } else if (parsed.hostname === '') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `has no host ("${redact(value)}")` });
    }
  });
}

/**
 * The storage variables as a zod object, for apps that merge it into their own
 * env schema. Values are validated, not yet resolved (see storageConfigFromEnv).
 */
export const storageEnvSchema = z.object({
  DATABASE_URL: z.preprocess(
    blankAsUnset,
    urlVariable(['postgres:', 'postgresql:'], 'postgres://user@host:5432/db').default(
      STORAGE_ENV_DEFAULTS.DATABASE_URL,
    ),
  ),
  REDIS_URL: z.preprocess(
    blankAsUnset,
    urlVariable(['redis:', 'rediss:'], 'redis://host:6379/0').default(
      STORAGE_ENV_DEFAULTS.REDIS_URL,
    ),
  ),
  CLICKHOUSE_URL: z.preprocess(
    blankAsUnset,
    urlVariable(['http:', 'https:'], 'http://host:8123').optional(),
  ),
  CLICKHOUSE_PATH: z.preprocess(
    blankAsUnset,
    z.string().default(STORAGE_ENV_DEFAULTS.CLICKHOUSE_PATH),
  ),
  CLICKHOUSE_DATABASE: z.preprocess(
    blankAsUnset,
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a plain identifier (letters, digits, '_')")
      .optional(),
  ),
});

export type StorageEnv = z.infer<typeof storageEnvSchema>;

/**
 * Reads and checks the storage variables, applying the documented defaults.
 * Every problem is reported at once, each naming its variable. A relative
 * CLICKHOUSE_PATH is resolved against `cwd` (the repo root under Nx).
 */
export function storageConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
  opts: { cwd?: string } = {},
): StorageConfig {
  const parsed = storageEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new StorageConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`),
    );
  }
  const vars = parsed.data;
  // A database in CLICKHOUSE_URL's path is honoured unless CLICKHOUSE_DATABASE says otherwise.
  const urlDatabase = vars.CLICKHOUSE_URL
    ? new URL(vars.CLICKHOUSE_URL).pathname.replace(/^\/+|\/+$/g, '')
    : '';
  if (urlDatabase && !vars.CLICKHOUSE_DATABASE && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(urlDatabase)) {
    throw new StorageConfigError([
      `CLICKHOUSE_URL names database "${urlDatabase}", which is not a plain identifier`,
    ]);
  }
  return {
    postgres: { url: vars.DATABASE_URL },
    redis: { url: vars.REDIS_URL },
    clickhouse: {
      ...(vars.CLICKHOUSE_URL ? { url: vars.CLICKHOUSE_URL } : {}),
      path: resolveChdbPath(vars.CLICKHOUSE_PATH, opts.cwd),
      database:
        vars.CLICKHOUSE_DATABASE ?? (urlDatabase || STORAGE_ENV_DEFAULTS.CLICKHOUSE_DATABASE),
    },
  };
}
