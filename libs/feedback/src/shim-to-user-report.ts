import { environmentKey, type EnvironmentRef, type TenantStore } from '@issuestream/storage';
import type { UserReportStore } from '@issuestream/user-reports-data';
import type { JsonObject } from '@issuestream/schemas';
import { feedbackContext } from './filters';
import { submitUserReports, type ReportedEventLookup, type UserReportSubmission } from './submit-user-report';
import type { UserReportInput, UserReportValidationOptions } from './user-report';

/** A feedback that was produced as an occurrence, with the event as it was produced (after fix-up). */
export interface ProducedFeedback {
  readonly projectId: number;
  readonly organizationId: number;
  readonly event: JsonObject;
  /** The feedback's timestamp. */
  readonly at: Date;
}

export interface UserReportShim<F extends ProducedFeedback> {
  readonly feedback: F;
  readonly associatedEventId: string;
  readonly result: UserReportSubmission;
}

export interface ShimToUserReportOptions extends UserReportValidationOptions {
  readonly now: Date;
}

const text = (value: unknown): string | null => (value === undefined || value === null ? null : typeof value === 'string' ? value : String(value));

/**
 * For every produced feedback that names the error it is about
 * (`contexts.feedback.associated_event_id`), a user report on that event
 * through save_userreport: the feedback's name, contact e-mail and message,
 * its timestamp as date added, and the organisation's environment named by
 * the feedback (created when new) — unless the error is stored, which then
 * gives the report its issue and environment (and refuses it when older than
 * 30 minutes). One environment look-up, one event look-up and one report
 * write for the whole batch.
 * Feedback without an associated event is skipped. A redelivered feedback
 * finds its report and changes nothing. Setting the environment also marks
 * the report as coming from new-style feedback, so it is never turned back
 * into a feedback.
 */
export async function shimFeedbackToUserReports<F extends ProducedFeedback>(
  stores: { tenants: Pick<TenantStore, 'ensureEnvironments'>; userReports: Pick<UserReportStore, 'save'>; events: ReportedEventLookup },
  feedbacks: readonly F[],
  options: ShimToUserReportOptions,
): Promise<UserReportShim<F>[]> {
  const linked = feedbacks.flatMap((feedback) => {
    const context = feedbackContext(feedback.event) ?? {};
    const associatedEventId = text(context['associated_event_id']);
    if (!associatedEventId) return [];
    const name = typeof feedback.event['environment'] === 'string' && feedback.event['environment'] !== '' ? feedback.event['environment'] : 'production';
    const environment: EnvironmentRef = { organizationId: feedback.organizationId, name };
    return [{ feedback, context, associatedEventId, environment }];
  });
  if (linked.length === 0) return [];

  const environments = await stores.tenants.ensureEnvironments(linked.map((l) => l.environment));
  const results: (UserReportSubmission | undefined)[] = [];
  const inputs: { index: number; input: UserReportInput }[] = [];
  linked.forEach(({ feedback, context, associatedEventId, environment }, index) => {
    const environmentId = environments.get(environmentKey(environment));
    if (environmentId === undefined || environmentId instanceof Error) {
      results[index] = { kind: 'failed', error: environmentId ?? new Error(`environment "${environment.name}" not resolved`) };
      return;
    }
    inputs.push({
      index,
      input: {
        projectId: feedback.projectId,
        eventId: associatedEventId,
        name: text(context['name']),
        email: text(context['contact_email']),
        comments: text(context['message']),
        environmentId,
        submittedAt: feedback.at,
      },
    });
  });
  const submitted = await submitUserReports(stores, inputs.map((i) => i.input), options);
  inputs.forEach(({ index }, i) => {
    results[index] = submitted[i]?.result;
  });
  return linked.map(({ feedback, associatedEventId }, index) => ({
    feedback,
    associatedEventId,
    result: results[index] ?? { kind: 'failed', error: new Error('no result') },
  }));
}
