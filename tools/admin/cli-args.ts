import { parseArgs } from 'node:util';

/** The request itself is wrong (unknown command, missing argument, unknown slug): exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export interface CliFlags {
  readonly json: boolean;
  readonly help: boolean;
  readonly name?: string;
  readonly platform?: string;
  readonly label?: string;
  readonly rateLimit?: string;
  readonly undo: boolean;
  /** `dlq replay`: reasons to replay (repeatable), the most to replay, count only. */
  readonly reason?: readonly string[];
  readonly limit?: string;
  readonly dryRun: boolean;
  /** `token create`: comma-separated scopes. */
  readonly scopes?: string;
}

export interface ParsedCli {
  readonly positionals: string[];
  readonly flags: CliFlags;
}

/** Splits argv into positionals and the known --flags; an unknown flag is a usage error, not a silent no-op. */
export function parseCli(argv: readonly string[]): ParsedCli {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        name: { type: 'string' },
        platform: { type: 'string' },
        label: { type: 'string' },
        'rate-limit': { type: 'string' },
        undo: { type: 'boolean', default: false },
        reason: { type: 'string', multiple: true },
        limit: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        scopes: { type: 'string' },
      },
    });
    return {
      positionals,
      flags: {
        json: values.json ?? false,
        help: values.help ?? false,
        name: values.name,
        platform: values.platform,
        label: values.label,
        rateLimit: values['rate-limit'],
        undo: values.undo ?? false,
        reason: values.reason,
        limit: values.limit,
        dryRun: values['dry-run'] ?? false,
        scopes: values.scopes,
      },
    };
  } catch (err) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for bad flags.
    throw new CliUsageError(err instanceof Error ? err.message : String(err));
  }
}

/**
 * Takes exactly the named arguments from `args`, naming the first missing one
 * (or the first surplus one) in the error.
 */
export function takeArgs<const N extends readonly string[]>(
  command: string,
  args: readonly string[],
  names: N,
): { [K in keyof N]: string } {
  if (args.length < names.length) {
    throw new CliUsageError(`${command}: missing argument <${names[args.length]}>`);
  }
  if (args.length > names.length) {
    throw new CliUsageError(`${command}: unexpected argument "${args[names.length]}"`);
  }
  return args.slice() as { [K in keyof N]: string };
}
