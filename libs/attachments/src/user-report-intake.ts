import {
  FeedbackCreationSource, feedbackOutcome, normalizeEventId, sendUserReportFeedback, shouldShimToFeedback, submissionOutcome, submitUserReports,
  type ReportedEventLookup, type UserReportInput, type UserReportToShim,
} from '@issuestream/feedback';
import { normalizeId } from '@issuestream/errors';
import type { BatchContext, ConsumedMessage, MessageProducer, OutgoingMessage } from '@issuestream/kafka';
import type { IngestAttachments, SchemaCodec } from '@issuestream/schemas';
import { FEEDBACK_FILTER_GARBAGE_MESSAGES, FEEDBACK_ORGANIZATION_SLUG_DENYLIST, type ProjectInfo, type TenantStore } from '@issuestream/storage';
import type { UserReportStore } from '@issuestream/user-reports-data';
import { attachmentMetrics as metrics } from './metrics';

type ReportMessage = ConsumedMessage<IngestAttachments.UserReport>;

export interface UserReportIntakeDeps {
  readonly tenants: TenantStore;
  readonly userReports: Pick<UserReportStore, 'save'>;
  /** Stored error events by (project, event id): a found event lends its group and environment, and is what the shim copies. */
  readonly events: ReportedEventLookup;
  readonly codec: SchemaCodec;
  /** Where a report about a stored event goes as a feedback issue (the shim's occurrences). */
  readonly occurrencesTopic: string;
  readonly outcomesTopic: string;
}

interface ReportBody {
  readonly eventId: string | null;
  readonly name: unknown;
  readonly email: unknown;
  readonly comments: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const SOURCE = FeedbackCreationSource.USER_REPORT_ENVELOPE;
const OUTCOME_SOURCE = `ingest-attachments:${SOURCE}`;

/**
 * `user_report` messages through save_userreport (libs/feedback, the code the
 * api's endpoints use) with the envelope source: one event lookup and one
 * write for the batch's reports, then the shim of reports about stored error
 * events to feedback issues. A report's time is the message's `start_time`,
 * also used as "now" for the 5-minute overwrite window: a redelivery then
 * finds exactly the stored report (`unchanged`, no second report outcome)
 * however late it comes.
 */
export class UserReportIntake {
  constructor(private readonly deps: UserReportIntakeDeps) {}

  /** Returns the reports' outcome messages; unreadable bodies are dead-lettered. Shim occurrences and their outcomes are sent here. */
  async submit(messages: readonly ReportMessage[], projects: ReadonlyMap<number, ProjectInfo>, context: BatchContext): Promise<OutgoingMessage[]> {
    if (messages.length === 0) return [];
    const [denylist, filterGarbageMessages] = await Promise.all([
      this.deps.tenants.getGlobalOption(FEEDBACK_ORGANIZATION_SLUG_DENYLIST),
      this.deps.tenants.getGlobalOption(FEEDBACK_FILTER_GARBAGE_MESSAGES),
    ]);
    const accepted: { message: ReportMessage; project: ProjectInfo; input: UserReportInput; at: Date }[] = [];
    for (const message of messages) {
      const project = projects.get(message.value.project_id);
      if (!project) continue;
      const body = readBody(message);
      if (!body) context.reject(message, 'invalid_json', 'payload: not a JSON object');
      else if (denylist.includes(project.organization.slug)) metrics.userReports.inc({ result: 'denylisted' });
      else {
        const at = new Date(message.value.start_time * 1000);
        const input = { projectId: project.id, eventId: body.eventId, name: text(body.name), email: text(body.email), comments: text(body.comments), submittedAt: at };
        accepted.push({ message, project, input, at });
      }
    }
    if (accepted.length === 0) return [];
    // One batch call needs one "now"; reports of one batch were received within moments of each other.
    const now = new Date(Math.max(...accepted.map((a) => a.at.getTime())));
    const submitted = await submitUserReports({ userReports: this.deps.userReports, events: this.deps.events }, accepted.map((a) => a.input), { now, filterGarbageMessages });

    const outcomes: OutgoingMessage[] = [];
    const shims: UserReportToShim[] = [];
    for (const [i, { message, project, input, at }] of accepted.entries()) {
      const report = submitted[i];
      if (!report) continue;
      metrics.userReports.inc({ result: report.result.kind });
      // Postgres refused this report (bad data): dead-lettered with its reason rather than retried forever.
      if (report.result.kind === 'failed') {
        context.reject(message, 'invalid_user_report', report.result.error.message);
        continue;
      }
      const fields = submissionOutcome(report.result, { orgId: project.organizationId, projectId: project.id, at, source: OUTCOME_SOURCE });
      if (fields) outcomes.push({ key: String(project.id), value: await this.deps.codec.encode('outcomes', feedbackOutcome(fields)) });
      const eventId = normalizeEventId(input.eventId ?? '');
      const errorEvent = report.event?.data;
      if (shouldShimToFeedback(report, SOURCE) && eventId && errorEvent) {
        shims.push({ project, report: { eventId, name: input.name ?? '', email: input.email ?? '', comments: (input.comments ?? '').trim() }, errorEvent, source: SOURCE });
      }
    }
    await this.shim(shims, context.producer, now);
    return outcomes;
  }

  /** Reports about stored error events become feedback issues (idempotent: the same report gives the same occurrence). */
  private async shim(shims: readonly UserReportToShim[], producer: MessageProducer, now: Date): Promise<void> {
    if (shims.length === 0) return;
    const { codec, tenants, occurrencesTopic, outcomesTopic } = this.deps;
    const results = await sendUserReportFeedback({ tenants, producer, codec, occurrencesTopic, outcomesTopic, outcomeSource: OUTCOME_SOURCE, now }, shims);
    for (const result of results) {
      metrics.userReportShims.inc({ result: result.kind });
      if (result.kind === 'refused') console.error(`[ingest-attachments] feedback for user report on ${result.eventId} refused: ${result.error.message}`);
    }
  }
}

/**
 * The report body; its event id is the message's (our relay sets it), else
 * the body's, else Relay's Kafka key (the event UUID's 16 bytes: Relay
 * leaves it out of the body).
 */
function readBody(message: ReportMessage): ReportBody | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value.payload.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const fields = parsed as Record<string, unknown>;
  const fromKey = message.key?.length === 16 ? message.key.toString('hex') : null;
  const eventId = message.value.event_id ?? text(fields['event_id']) ?? fromKey;
  return { eventId: eventId === null ? null : (normalizeId(eventId) ?? eventId), name: fields['name'], email: fields['email'], comments: fields['comments'] };
}
