import type { AdminCommand } from './admin-command';
import { groupTypesHistory, groupTypesList, groupTypesRelease, groupTypesShow } from './group-type-commands';
import { dlqReplay } from './dlq-commands';
import { list } from './list-command';
import { flagSet, optionSet } from './setting-commands';
import { keyCreate, keyDeactivate, orgCreate, projectCreate } from './tenant-commands';
import { tokenCreate, tokenList, tokenRevoke } from './token-commands';
import { userReportsUpdate } from './user-report-commands';

/** Every command, in the order the usage text lists them. */
export const COMMANDS: readonly AdminCommand[] = [
  orgCreate,
  projectCreate,
  keyCreate,
  keyDeactivate,
  tokenCreate,
  tokenList,
  tokenRevoke,
  flagSet,
  optionSet,
  list,
  groupTypesList,
  groupTypesShow,
  groupTypesHistory,
  groupTypesRelease,
  dlqReplay,
  userReportsUpdate,
];

/** The command named by the leading positionals (one or two words), and the arguments after it. */
export function findCommand(
  positionals: readonly string[],
): { command: AdminCommand; args: string[] } | undefined {
  for (const words of [2, 1]) {
    const name = positionals.slice(0, words).join(' ');
    const command = COMMANDS.find((candidate) => candidate.name === name);
    if (command && positionals.length >= words) return { command, args: positionals.slice(words) };
  }
  return undefined;
}
