import { recordFires, selectRules, type AlertFire, type AlertRule } from '@issuestream/alerts-data';
import { eventNodeId, GroupCategory, occurrenceNodeId, type GroupType, type GroupTypeSource } from '@issuestream/issue-platform';
import { getNodes } from '@issuestream/issues-data';
import type { GenericEvents } from '@issuestream/schemas';
import { FEEDBACK_USER_REPORT_NOTIFICATIONS, PROJECT_OPTION_EPOCH, withTransaction, type ProjectInfo, type TenantStore } from '@issuestream/storage';
import type { Pool } from 'pg';
import { renderAlertEmail, type IssueLinks } from './alert-email';
import { categorySlug, typeCategorySlugs } from './categories';
import { feedbackDetails } from './feedback-details';
import { feedbackSkipReason, userReportNotificationsEnabled } from './feedback-filter';
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
  links: IssueLinks;
  /**
   * How long after grouping a missing occurrence is waited for (the batch is
   * retried) before the hand-off is given up as one whose transaction rolled back.
   */
  occurrenceWaitMs?: number;
  /** Called after e-mails were queued (and committed), to wake the outbox sender. */
  onQueued?: () => void;
  now?: () => number;
}

interface Candidate {
  handoff: Handoff;
  type: GroupType;
  project: ProjectInfo;
  rules: AlertRule[];
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
 * and queues their e-mails. Sending is the outbox sender's job, so a mail
 * server outage never holds the partition.
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
    const candidates = await this.candidates(changed);
    if (candidates.length === 0) return;
    const nodes = await getNodes(
      this.deps.pool,
      candidates.flatMap(({ handoff: h }) => [occurrenceNodeId(h.occurrence_id, h.project_id), ...(h.event_id ? [eventNodeId(h.project_id, h.event_id)] : [])]),
    );
    const stored = candidates.flatMap((c) => {
      const occurrence = asObject(nodes.get(occurrenceNodeId(c.handoff.occurrence_id, c.handoff.project_id)));
      if (occurrence) return [{ ...c, occurrence, event: c.handoff.event_id ? nodes.get(eventNodeId(c.handoff.project_id, c.handoff.event_id)) : undefined }];
      if (this.now() - c.handoff.received * 1000 < this.occurrenceWaitMs) {
        throw new OccurrenceNotYetStoredError(`occurrence ${c.handoff.occurrence_id} of project ${c.handoff.project_id} is not stored yet`);
      }
      metrics.handoffs.inc({ outcome: 'occurrence_missing' });
      if (c.type.category === GroupCategory.FEEDBACK) metrics.feedbackSkipped.inc({ reason: 'no_occurrence' });
      return [];
    });
    const notify = await this.userReportNotifications(stored.filter((s) => s.type.category === GroupCategory.FEEDBACK).map((s) => s.project.id));
    const fires: { fire: AlertFire; category: string }[] = [];
    for (const { handoff: h, type, project, rules, occurrence, event } of stored) {
      const evidence = asObject(occurrence['evidence_data']) ?? {};
      const isFeedback = type.category === GroupCategory.FEEDBACK;
      if (isFeedback) {
        const skip = feedbackSkipReason({ evidenceData: evidence, userReportNotifications: notify.get(project.id) ?? false });
        if (skip) {
          metrics.feedbackSkipped.inc({ reason: skip });
          metrics.handoffs.inc({ outcome: 'feedback_skipped' });
          continue;
        }
      }
      metrics.handoffs.inc({ outcome: 'evaluated' });
      const category = categorySlug(type.category) ?? String(type.category);
      const issue = {
        groupId: h.group_id,
        projectId: h.project_id,
        projectSlug: project.slug,
        organizationSlug: project.organization.slug,
        title: typeof occurrence['issue_title'] === 'string' ? occurrence['issue_title'] : type.description,
        category,
        isRegression: !h.is_new && h.is_regression,
        feedback: isFeedback ? feedbackDetails(evidence, event) : null,
      };
      for (const rule of rules) {
        fires.push({
          category,
          fire: {
            ruleId: rule.id,
            frequencyMinutes: rule.frequencyMinutes,
            projectId: h.project_id,
            groupId: h.group_id,
            triggerId: h.occurrence_id,
            email: renderAlertEmail(rule, issue, this.deps.links),
          },
        });
      }
    }
    if (fires.length === 0) return;
    const outcomes = await withTransaction(this.deps.pool, (client) => recordFires(client, fires.map((f) => f.fire), new Date(this.now())));
    outcomes.forEach((outcome, i) => metrics.fires.inc({ outcome, category: fires[i]?.category ?? 'unknown' }));
    if (outcomes.includes('queued')) this.deps.onQueued?.();
  }

  /** Hand-offs with a known project and type and at least one matching rule. */
  private async candidates(changed: readonly Handoff[]): Promise<Candidate[]> {
    const projectIds = [...new Set(changed.map((h) => h.project_id))];
    const rules = await selectRules(this.deps.pool, projectIds);
    const withRules = changed.filter((h) => rules.some((r) => r.projectId === h.project_id));
    if (withRules.length < changed.length) metrics.handoffs.inc({ outcome: 'no_rule' }, changed.length - withRules.length);
    if (withRules.length === 0) return [];
    const [types, projects] = await Promise.all([
      this.deps.types.resolve([...new Set(withRules.map((h) => h.type_id))]),
      this.deps.tenants.getProjects(projectIds),
    ]);
    return withRules.flatMap((handoff) => {
      const type = types.get(handoff.type_id);
      const project = projects.get(handoff.project_id);
      if (!type || !project) {
        metrics.handoffs.inc({ outcome: type ? 'unknown_project' : 'unknown_type' });
        return [];
      }
      const matched = matchingRules(rules, {
        projectId: handoff.project_id,
        isNew: handoff.is_new,
        isRegression: handoff.is_regression,
        categories: typeCategorySlugs(type),
      });
      if (matched.length === 0) {
        metrics.handoffs.inc({ outcome: 'no_rule' });
        return [];
      }
      return [{ handoff, type, project, rules: matched }];
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
