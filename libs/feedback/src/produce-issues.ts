import { InvalidPayloadError, type OccurrenceProducer } from '@issuestream/issue-platform';
import type { FeedbackIssue } from './occurrence';

/**
 * Sends feedback issues: every occurrence in one send, then the spam status
 * changes. An issue whose payload the producer refuses is left out and the
 * rest are sent; returns the refused ones by their index in `issues`.
 * Any other error is thrown (the caller retries).
 */
export async function produceFeedbackIssues(producer: OccurrenceProducer, issues: readonly FeedbackIssue[]): Promise<Map<number, InvalidPayloadError>> {
  const refused = new Map<number, InvalidPayloadError>();
  let pending = issues.map((issue, index) => ({ issue, index }));
  while (pending.length > 0) {
    try {
      await producer.produceOccurrences(pending.map(({ issue }) => ({ occurrence: issue.occurrence, event: issue.event })));
      break;
    } catch (error) {
      if (!(error instanceof InvalidPayloadError) || error.index === undefined) throw error;
      const bad = pending[error.index];
      if (!bad) throw error;
      refused.set(bad.index, error);
      pending = pending.filter((_, i) => i !== error.index);
    }
  }
  for (const { issue } of pending) {
    if (issue.statusChange) await producer.produceStatusChange(issue.statusChange);
  }
  return refused;
}
