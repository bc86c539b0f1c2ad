import { Inject, Injectable } from '@nestjs/common';
import {
  errorStoreEventLookup, feedbackOutcome, normalizeEventId, sendUserReportFeedback, shouldShimToFeedback, submissionOutcome, submitUserReport,
  type FeedbackCreationSource, type ReportedEventLookup, type SubmittedUserReport, type UserReportSubmission,
} from '@issuestream/feedback';
import { createLogger } from '@issuestream/observability';
import { FEEDBACK_FILTER_GARBAGE_MESSAGES, FEEDBACK_ORGANIZATION_SLUG_DENYLIST, type ProjectInfo } from '@issuestream/storage';
import { ApiResources } from './api-resources';
import { API_CONFIG } from './tokens';
import type { ApiConfig } from './config';
import { reportOutcomes, reportShims } from './metrics';

const log = createLogger('api');

export interface ReportFields {
  readonly eventId: string;
  readonly name: string;
  readonly email: string;
  readonly comments: string;
}

export type IntakeResult = UserReportSubmission | { readonly kind: 'denylisted' };

/** Where stored error events are found: the errors pipeline's tables. */
export const REPORTED_EVENTS = Symbol('REPORTED_EVENTS');
export const reportedEventsProvider = {
  provide: REPORTED_EVENTS,
  inject: [ApiResources],
  useFactory: (resources: ApiResources): ReportedEventLookup => errorStoreEventLookup(resources.pool, resources.tenants),
};

/**
 * Both HTTP endpoints' way into save_userreport (the same code the consumers
 * use): the organisation denylist, the event lookup, the shared validation
 * and write, the submission's outcome on the outcomes topic, and, for a
 * report about a stored error event, its feedback issue.
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
    const submitted = await submitUserReport(
      { userReports, events: this.events },
      { projectId: project.id, eventId: fields.eventId, name: fields.name, email: fields.email, comments: fields.comments, submittedAt: now },
      { now, filterGarbageMessages },
    );
    if (submitted.result.kind === 'failed') throw submitted.result.error;
    await this.sendOutcome(submitted.result, project, now, source);
    if (shouldShimToFeedback(submitted, source)) await this.shim(project, fields, submitted, source, now);
    return submitted.result;
  }

  /**
   * The report as a feedback issue. As in the reference, a failure here is
   * logged and counted and does not fail the request: the report is stored.
   */
  private async shim(project: ProjectInfo, fields: ReportFields, submitted: SubmittedUserReport, source: FeedbackCreationSource, now: Date): Promise<void> {
    const eventId = normalizeEventId(fields.eventId);
    const errorEvent = submitted.event?.data;
    if (eventId === null || !errorEvent) return;
    try {
      const [result] = await sendUserReportFeedback(
        {
          tenants: this.resources.tenants, producer: this.resources.producer, codec: this.resources.codec,
          occurrencesTopic: this.config.OCCURRENCES_TOPIC, outcomesTopic: this.config.OUTCOMES_TOPIC, outcomeSource: `api:${source}`, now,
        },
        [{ project, report: { eventId, name: fields.name, email: fields.email, comments: fields.comments.trim() }, errorEvent, source }],
      );
      reportShims.inc({ source, result: result?.kind ?? 'none' });
      if (result?.kind === 'refused') log.error('feedback for user report refused', { project_id: project.id, event_id: eventId, error: result.error.message });
    } catch (error) {
      reportShims.inc({ source, result: 'error' });
      log.error('feedback for user report not sent', { project_id: project.id, event_id: eventId, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private async sendOutcome(submission: UserReportSubmission, project: ProjectInfo, at: Date, source: FeedbackCreationSource): Promise<void> {
    const fields = submissionOutcome(submission, { orgId: project.organizationId, projectId: project.id, at, source: `api:${source}` });
    if (!fields) return;
    const value = await this.resources.codec.encode('outcomes', feedbackOutcome(fields));
    await this.resources.producer.send(this.config.OUTCOMES_TOPIC, [{ key: String(project.id), value }]);
    reportOutcomes.inc({ source, outcome: String(fields.outcome), reason: fields.reason ?? '' });
  }
}
