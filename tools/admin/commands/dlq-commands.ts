import { replayDeadLetters, UnknownTopicError, type ReplayProgress } from '@issuestream/kafka';
import { CliUsageError, takeArgs } from '../cli-args';
import type { AdminCommand } from './admin-command';

function parseLimit(command: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw new CliUsageError(`${command}: --limit must be a positive integer, got "${raw}"`);
  return limit;
}

/** A DLQ that does not exist is the caller's mistake (exit 2), not a failure. */
async function replay(...args: Parameters<typeof replayDeadLetters>): Promise<ReplayProgress> {
  try {
    return await replayDeadLetters(...args);
  } catch (error) {
    if (error instanceof UnknownTopicError) throw new CliUsageError(`dlq replay: ${error.message}`);
    throw error;
  }
}

const summary = ({ read, total, replayed, skipped }: ReplayProgress, verb: string) => `read ${read}/${total}, ${verb} ${replayed}, skipped ${skipped}`;

export const dlqReplay: AdminCommand = {
  name: 'dlq replay',
  synopsis: '<topic> [--reason <reason>]... [--limit <n>] [--dry-run]',
  summary: 're-produce the dead letters of <topic>-dlq to their source topic (original key, value, headers)',
  async run(args, flags, context) {
    const [topic] = takeArgs(this.name, args, ['topic']);
    const limit = parseLimit(this.name, flags.limit);
    const verb = flags.dryRun ? 'would replay' : 'replayed';
    let lastReport = 0;
    const result = await replay(context.kafka(), {
      topic,
      reasons: flags.reason,
      limit,
      dryRun: flags.dryRun,
      onProgress: (progress) => {
        // At most one line a second: a large DLQ must not flood the terminal.
        if (Date.now() - lastReport < 1000) return;
        lastReport = Date.now();
        context.progress(`${topic}-dlq: ${summary(progress, verb)}`);
      },
    });
    const reasons = Object.entries(result.byReason).map(([reason, count]) => `  ${reason || '(no reason)'}: ${count}`);
    return {
      text: [`${topic}-dlq → ${topic}${flags.dryRun ? ' (dry run, nothing produced)' : ''}: ${summary(result, verb)}`, ...reasons].join('\n'),
      json: { topic, deadLetterTopic: `${topic}-dlq`, dryRun: flags.dryRun, ...result },
    };
  },
};
