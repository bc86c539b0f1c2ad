import { Inject, Injectable } from '@nestjs/common';
import {
  feedbackOutcome, noEventStore, submissionOutcome, submitUserReport, type FeedbackCreationSource, type ReportedEventLookup, type UserReportSubmission,
} from '@issuestream/feedback';
import { FEEDBACK_FILTER_GARBAGE_MESSAGES, FEEDBACK_ORGANIZATION_SLUG_DENYLIST, type ProjectInfo } from '@issuestream/storage';
import { ApiResources } from './api-resources';
import { API_CONFIG } from './tokens';
import type { ApiConfig } from './config';
import { reportOutcomes } from './metrics';

export interface ReportFields {
  readonly eventId: string;
  readonly name: string;
  readonly email: string;
  readonly comments: string;
}

export type IntakeResult = UserReportSubmission | { readonly kind: 'denylisted' };

/** Where stored events are found; the errors pipeline will provide a real one. */
export const REPORTED_EVENTS = Symbol('REPORTED_EVENTS');
export const reportedEventsProvider = { provide: REPORTED_EVENTS, useValue: noEventStore };

/**
 * Both HTTP endpoints' way into save_userreport (the same code the consumers
 * use): the organisation denylist, the shared validation and write, and the
 * submission's outcome on the outcomes topic.
 */
@Injectable()
export class ReportIntake {
  constructor(
    private readonly resources: ApiResources,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(REPORTED_EVENTS) private readonly events: ReportedEventLookup,
  ) {}

  async submit(project: ProjectInfo, fields: ReportFields, source: FeedbackCreationSource): Promise<IntakeResult> {
    const { tenants, userReports } = this.resources;
    const [denylist, filterGarbageMessages] = await Promise.all([
      tenants.getGlobalOption(FEEDBACK_ORGANIZATION_SLUG_DENYLIST),
      tenants.getGlobalOption(FEEDBACK_FILTER_GARBAGE_MESSAGES),
    ]);
    if (denylist.includes(project.organization.slug)) return { kind: 'denylisted' };
    const now = new Date();
    const submission = await submitUserReport(
      { userReports, events: this.events },
      { projectId: project.id, eventId: fields.eventId, name: fields.name, email: fields.email, comments: fields.comments, submittedAt: now },
      { now, filterGarbageMessages },
    );
    if (submission.kind === 'failed') throw submission.error;
    await this.sendOutcome(submission, project, now, source);
    return submission;
  }

  private async sendOutcome(submission: UserReportSubmission, project: ProjectInfo, at: Date, source: FeedbackCreationSource): Promise<void> {
    const fields = submissionOutcome(submission, { orgId: project.organizationId, projectId: project.id, at, source: `api:${source}` });
    if (!fields) return;
    const value = await this.resources.codec.encode('outcomes', feedbackOutcome(fields));
    await this.resources.producer.send(this.config.OUTCOMES_TOPIC, [{ key: String(project.id), value }]);
    reportOutcomes.inc({ source, outcome: String(fields.outcome), reason: fields.reason ?? '' });
  }
}
