import { recordFires, selectRules, type AlertFire, type AlertRule, type FireOutcome } from '@issuestream/alerts-data';
import { withTransaction, type TenantStore } from '@issuestream/storage';
import type { Pool } from 'pg';
import { renderAlertEmail, type FeedbackDetails, type IssueLinks } from './alert-email';
import { alertMetrics as metrics } from './metrics';
import { matchingRules } from './rule-matching';

/** A new or regressed issue that alert rules may fire for, from any pipeline (issue platform, errors). */
export interface AlertCandidate {
  projectId: number;
  groupId: number;
  /** What changed the issue (occurrence id, event id): a trigger fires each rule at most once. */
  triggerId: string;
  isNew: boolean;
  isRegression: boolean;
  /** The issue type's category slug (`feedback`, `error`, …), as the e-mail names it. */
  category: string;
  /** Every slug a rule's category filter may match (category and newer taxonomy category). */
  categories: ReadonlySet<string>;
  title: string;
  /** For feedback issues that passed should_postprocess_feedback; null otherwise. */
  feedback: FeedbackDetails | null;
}

export interface IssueAlertsDeps {
  pool: Pool;
  tenants: TenantStore;
  links: IssueLinks;
  /** Called after e-mails were queued (and committed), to wake the outbox sender. */
  onQueued?: () => void;
  now?: () => number;
}

/**
 * Rule evaluation and queueing, shared by every post-process stream: the
 * matching rules of each candidate become e-mails, recorded with their fires
 * in one transaction (once per issue per rule frequency, once per trigger).
 */
export class IssueAlerts {
  private readonly now: () => number;

  constructor(private readonly deps: IssueAlertsDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The rules of these projects (one query), for callers that filter before building candidates. */
  rules(projectIds: readonly number[]): Promise<AlertRule[]> {
    return selectRules(this.deps.pool, [...new Set(projectIds)]);
  }

  /** Queues the e-mails of every matching rule; `rules` when the caller already read them. Returns the fires' outcomes. */
  async queue(candidates: readonly AlertCandidate[], rules?: readonly AlertRule[]): Promise<FireOutcome[]> {
    if (candidates.length === 0) return [];
    const projectIds = [...new Set(candidates.map((c) => c.projectId))];
    const known = rules ?? (await this.rules(projectIds));
    const projects = await this.deps.tenants.getProjects(projectIds);
    const fires: { fire: AlertFire; category: string }[] = [];
    for (const candidate of candidates) {
      const matched = matchingRules(known, candidate);
      if (matched.length === 0) continue;
      const project = projects.get(candidate.projectId);
      if (!project) {
        metrics.handoffs.inc({ outcome: 'unknown_project' });
        continue;
      }
      const issue = {
        groupId: candidate.groupId,
        projectId: candidate.projectId,
        projectSlug: project.slug,
        organizationSlug: project.organization.slug,
        title: candidate.title,
        category: candidate.category,
        isRegression: !candidate.isNew && candidate.isRegression,
        feedback: candidate.feedback,
      };
      for (const rule of matched) {
        fires.push({
          category: candidate.category,
          fire: {
            ruleId: rule.id,
            frequencyMinutes: rule.frequencyMinutes,
            projectId: candidate.projectId,
            groupId: candidate.groupId,
            triggerId: candidate.triggerId,
            email: renderAlertEmail(rule, issue, this.deps.links),
          },
        });
      }
    }
    if (fires.length === 0) return [];
    const outcomes = await withTransaction(this.deps.pool, (client) => recordFires(client, fires.map((f) => f.fire), new Date(this.now())));
    outcomes.forEach((outcome, i) => metrics.fires.inc({ outcome, category: fires[i]?.category ?? 'unknown' }));
    if (outcomes.includes('queued')) this.deps.onQueued?.();
    return outcomes;
  }
}
