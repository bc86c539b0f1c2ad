import type { AdminContext } from '../admin-context';
import type { CliFlags } from '../cli-args';

/** What a command prints: `text` for people, `json` with --json. */
export interface CommandOutput {
  readonly text: string;
  readonly json: unknown;
}

export interface AdminCommand {
  /** The words that select it, e.g. `org create`. */
  readonly name: string;
  /** Arguments and flags after the name, for the usage text. */
  readonly synopsis: string;
  readonly summary: string;
  run(args: readonly string[], flags: CliFlags, context: AdminContext): Promise<CommandOutput>;
}
