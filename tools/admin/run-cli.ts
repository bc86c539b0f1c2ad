import {
  InvalidOptionValueError,
  InvalidTenantInputError,
  TenantConflictError,
  TenantNotFoundError,
  UnknownOptionError,
} from '@issuestream/storage';
import { AdminContext } from './admin-context';
import { CliUsageError, parseCli } from './cli-args';
import { findCommand } from './commands';
import { usageText } from './usage';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Errors that mean the caller asked for something wrong or impossible, as opposed to a failure on our side. */
const CALLER_ERRORS = [
  CliUsageError,
  TenantNotFoundError,
  TenantConflictError,
  InvalidTenantInputError,
  InvalidOptionValueError,
  UnknownOptionError,
];

/** Runs one admin command and returns the process exit code. */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
): Promise<number> {
  // Migration notices go to stderr so --json output stays parseable.
  const context = new AdminContext(env, (message) => io.err(message));
  try {
    const { positionals, flags } = parseCli(argv);
    if (flags.help || positionals[0] === 'help') {
      io.out(usageText());
      return EXIT_OK;
    }
    if (positionals.length === 0) {
      io.err(usageText());
      return EXIT_USAGE;
    }
    const found = findCommand(positionals);
    if (!found) throw new CliUsageError(`unknown command "${positionals.slice(0, 2).join(' ')}"`);
    const output = await found.command.run(found.args, flags, context);
    io.out(flags.json ? JSON.stringify(output.json, null, 2) : output.text);
    return EXIT_OK;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (CALLER_ERRORS.some((type) => err instanceof type)) {
      io.err(`error: ${message}`);
      if (err instanceof CliUsageError) io.err('run with --help for usage');
      return EXIT_USAGE;
    }
    io.err(`error: ${message}`);
    return EXIT_FAILURE;
  } finally {
    await context.close();
  }
}
