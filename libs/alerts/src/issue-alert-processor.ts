import type { AlertRule } from '@issuestream/alerts-data';
import { eventNodeId, GroupCategory, occurrenceNodeId, type GroupType, type GroupTypeSource } from '@issuestream/issue-platform';
import { getNodes } from '@issuestream/issues-data';
import type { GenericEvents } from '@issuestream/schemas';
import { FEEDBACK_USER_REPORT_NOTIFICATIONS, PROJECT_OPTION_EPOCH, type TenantStore } from '@issuestream/storage';
import type { Pool } from 'pg';
import { categorySlug, typeCategorySlugs } from './categories';
import { feedbackDetails } from './feedback-details';
import { feedbackSkipReason, userReportNotificationsEnabled } from './feedback-filter';
import type { AlertCandidate, IssueAlerts } from './issue-alerts';
import { alertMetrics as metrics } from './metrics';
import { matchingRules } from './rule-matching';

type Handoff = GenericEvents.PostProcessHandoff;
type Json = Record<string, unknown>;

/** The hand-off's occurrence is not readable yet: ingest-occurrences produces it before its own transaction commits. */
export class OccurrenceNotYetStoredError extends Error {
  override readonly name = 'OccurrenceNotYetStoredError';
}

export interface IssueAlertProcessorDeps {
  pool: Pool;
  tenants: TenantStore;
  types: GroupTypeSource;
  alerts: IssueAlerts;
  /**
   * How long after grouping a missing occurrence is waited for (the batch is
   * retried) before the hand-off is given up as one whose transaction rolled back.
   */
  occurrenceWaitMs?: number;
  now?: () => number;
}

interface Matched {
  handoff: Handoff;
  type: GroupType;
  categories: Set<string>;
}

const asObject = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

/**
 * Post-process of issue-platform issues (`generic-events`), the step that
 * sends alerts: for each hand-off of a new or regressed issue, the project's
 * alert rules whose trigger and category match; for feedback issues only
 * when should_postprocess_feedback lets them. Whole batch at a time: one
 * read of the rules, of the types, of the projects and their options, of the
 * occurrences and their events, then one transaction that records the fires
 * and queues their e-mails (`IssueAlerts`). Sending is the outbox sender's
 * job, so a mail server outage never holds the partition.
 */
export class IssueAlertProcessor {
  private readonly now: () => number;
  private readonly occurrenceWaitMs: number;

  constructor(private readonly deps: IssueAlertProcessorDeps) {
    this.now = deps.now ?? Date.now;
    this.occurrenceWaitMs = deps.occurrenceWaitMs ?? 60_000;
  }

  async process(batch: readonly Handoff[]): Promise<void> {
    const changed = batch.filter((h) => h.is_new || h.is_regression);
    if (changed.length < batch.length) metrics.handoffs.inc({ outcome: 'no_rule' }, batch.length - changed.length);
    if (changed.length === 0) return;
    const rules = await this.deps.alerts.rules(changed.map((h) => h.project_id));
    const matched = await this.matched(changed, rules);
    if (matched.length === 0) return;
    const nodes = await getNodes(
      this.deps.pool,
      matched.flatMap(({ handoff: h }) => [occurrenceNodeId(h.occurrence_id, h.project_id), ...(h.event_id ? [eventNodeId(h.project_id, h.event_id)] : [])]),
    );
    const feedbackProjects = matched.filter((m) => m.type.category === GroupCategory.FEEDBACK).map((m) => m.handoff.project_id);
    const notify = await this.userReportNotifications(feedbackProjects);
    const candidates: AlertCandidate[] = [];
    for (const { handoff: h, type, categories } of matched) {
      const occurrence = asObject(nodes.get(occurrenceNodeId(h.occurrence_id, h.project_id)));
      const isFeedback = type.category === GroupCategory.FEEDBACK;
      if (!occurrence) {
        if (this.now() - h.received * 1000 < this.occurrenceWaitMs) {
          throw new OccurrenceNotYetStoredError(`occurrence ${h.occurrence_id} of project ${h.project_id} is not stored yet`);
        }
        metrics.handoffs.inc({ outcome: 'occurrence_missing' });
        if (isFeedback) metrics.feedbackSkipped.inc({ reason: 'no_occurrence' });
        continue;
      }
      const evidence = asObject(occurrence['evidence_data']) ?? {};
      if (isFeedback) {
        const skip = feedbackSkipReason({ evidenceData: evidence, userReportNotifications: notify.get(h.project_id) ?? false });
        if (skip) {
          metrics.feedbackSkipped.inc({ reason: skip });
          metrics.handoffs.inc({ outcome: 'feedback_skipped' });
          continue;
        }
      }
      metrics.handoffs.inc({ outcome: 'evaluated' });
      candidates.push({
        projectId: h.project_id,
        groupId: h.group_id,
        triggerId: h.occurrence_id,
        isNew: h.is_new,
        isRegression: h.is_regression,
        category: categorySlug(type.category) ?? String(type.category),
        categories,
        title: typeof occurrence['issue_title'] === 'string' ? occurrence['issue_title'] : type.description,
        feedback: isFeedback ? feedbackDetails(evidence, h.event_id ? nodes.get(eventNodeId(h.project_id, h.event_id)) : undefined) : null,
      });
    }
    await this.deps.alerts.queue(candidates, rules);
  }

  /** Hand-offs with a known type and at least one rule whose trigger and category match. */
  private async matched(changed: readonly Handoff[], rules: readonly AlertRule[]): Promise<Matched[]> {
    const withRules = changed.filter((h) => rules.some((r) => r.projectId === h.project_id));
    if (withRules.length < changed.length) metrics.handoffs.inc({ outcome: 'no_rule' }, changed.length - withRules.length);
    if (withRules.length === 0) return [];
    const types = await this.deps.types.resolve([...new Set(withRules.map((h) => h.type_id))]);
    return withRules.flatMap((handoff) => {
      const type = types.get(handoff.type_id);
      if (!type) {
        metrics.handoffs.inc({ outcome: 'unknown_type' });
        return [];
      }
      const categories = typeCategorySlugs(type);
      if (matchingRules(rules, { projectId: handoff.project_id, isNew: handoff.is_new, isRegression: handoff.is_regression, categories }).length === 0) {
        metrics.handoffs.inc({ outcome: 'no_rule' });
        return [];
      }
      return [{ handoff, type, categories }];
    });
  }

  private async userReportNotifications(projectIds: readonly number[]): Promise<Map<number, boolean>> {
    if (projectIds.length === 0) return new Map();
    const [stored, epochs] = await Promise.all([
      this.deps.tenants.getProjectOptions(projectIds, FEEDBACK_USER_REPORT_NOTIFICATIONS),
      this.deps.tenants.getProjectOptions(projectIds, PROJECT_OPTION_EPOCH),
    ]);
    return new Map(projectIds.map((id) => [id, userReportNotificationsEnabled(stored.get(id) ?? null, epochs.get(id) ?? PROJECT_OPTION_EPOCH.default)]));
  }
}
