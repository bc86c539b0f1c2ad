import { categorySlug, type AlertCandidate, type IssueAlerts } from '@issuestream/alerts';
import { GroupCategory } from '@issuestream/issue-platform';
import type { PostProcessEvent } from '../post-process-event';
import type { ErrorPostProcessStep } from '../step';

const ERROR_CATEGORY = categorySlug(GroupCategory.ERROR) ?? 'error';
const ERROR_CATEGORIES: ReadonlySet<string> = new Set([ERROR_CATEGORY]);

/**
 * The reference's process_rules for error issues: an event that created or
 * reopened its issue fires the project's matching alert rules (category
 * `error`), queued as e-mails by the same `IssueAlerts` the issue-platform
 * stream uses, in one transaction per batch. Effectively once by its own
 * state: the event id is the fire's trigger, so a redelivered event finds
 * its fires recorded, and a rule fires once per issue per its frequency.
 */
export class ProcessRules implements ErrorPostProcessStep {
  readonly name = 'process_rules';

  constructor(private readonly alerts: Pick<IssueAlerts, 'queue'>) {}

  applies(event: PostProcessEvent): boolean {
    // A reprocessed event is an old error moved to a new issue, not news to alert on (as the reference).
    return event.kind === 'error' && !event.isReprocessed && (event.isNew || event.isRegression);
  }

  async run(events: readonly PostProcessEvent[]): Promise<void> {
    await this.alerts.queue(events.map(errorCandidate));
  }
}

const errorCandidate = (event: PostProcessEvent): AlertCandidate => ({
  projectId: event.projectId,
  groupId: event.groupId,
  triggerId: event.eventId,
  isNew: event.isNew,
  isRegression: event.isRegression,
  category: ERROR_CATEGORY,
  categories: ERROR_CATEGORIES,
  title: event.title,
  feedback: null,
});
