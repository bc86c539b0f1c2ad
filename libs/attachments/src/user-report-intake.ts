import {
  FeedbackCreationSource, feedbackOutcome, submissionOutcome, submitUserReport, type ReportedEventLookup,
} from '@issuestream/feedback';
import { normalizeId } from '@issuestream/errors';
import type { BatchContext, ConsumedMessage, OutgoingMessage } from '@issuestream/kafka';
import type { IngestAttachments, SchemaCodec } from '@issuestream/schemas';
import { FEEDBACK_FILTER_GARBAGE_MESSAGES, FEEDBACK_ORGANIZATION_SLUG_DENYLIST, type ProjectInfo, type TenantStore } from '@issuestream/storage';
import type { UserReportStore } from '@issuestream/user-reports-data';
import { attachmentMetrics as metrics } from './metrics';

type ReportMessage = ConsumedMessage<IngestAttachments.UserReport>;

export interface UserReportIntakeDeps {
  readonly tenants: TenantStore;
  readonly userReports: Pick<UserReportStore, 'save'>;
  /** Stored events by (project, event id): a found event lends its group and environment. */
  readonly events: ReportedEventLookup;
  readonly codec: SchemaCodec;
}

interface ReportBody {
  readonly eventId: unknown;
  readonly name: unknown;
  readonly email: unknown;
  readonly comments: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * `user_report` messages through save_userreport (libs/feedback, the code the
 * api's endpoints use) with the envelope source. The report's time is the
 * message's `start_time`, also used as "now" for the 5-minute overwrite
 * window: a redelivery then finds exactly the stored report (`unchanged`,
 * no second outcome) however late it comes.
 */
export class UserReportIntake {
  readonly source = FeedbackCreationSource.USER_REPORT_ENVELOPE;

  constructor(private readonly deps: UserReportIntakeDeps) {}

  /** Saves the reports one by one, in order; returns their outcome messages. Unreadable bodies are dead-lettered. */
  async submit(messages: readonly ReportMessage[], projects: ReadonlyMap<number, ProjectInfo>, context: BatchContext): Promise<OutgoingMessage[]> {
    if (messages.length === 0) return [];
    const [denylist, filterGarbageMessages] = await Promise.all([
      this.deps.tenants.getGlobalOption(FEEDBACK_ORGANIZATION_SLUG_DENYLIST),
      this.deps.tenants.getGlobalOption(FEEDBACK_FILTER_GARBAGE_MESSAGES),
    ]);
    const outcomes: OutgoingMessage[] = [];
    for (const message of messages) {
      const project = projects.get(message.value.project_id);
      if (!project) continue;
      const body = readBody(message);
      if (!body) {
        context.reject(message, 'invalid_json', 'payload: not a JSON object');
        continue;
      }
      if (denylist.includes(project.organization.slug)) {
        metrics.userReports.inc({ result: 'denylisted' });
        continue;
      }
      const at = new Date(message.value.start_time * 1000);
      const { result: submission } = await submitUserReport(
        { userReports: this.deps.userReports, events: this.deps.events },
        { projectId: project.id, eventId: text(body.eventId), name: text(body.name), email: text(body.email), comments: text(body.comments), submittedAt: at },
        { now: at, filterGarbageMessages },
      );
      metrics.userReports.inc({ result: submission.kind });
      // Postgres refused this report (bad data): dead-lettered with its reason rather than retried forever.
      if (submission.kind === 'failed') {
        context.reject(message, 'invalid_user_report', submission.error.message);
        continue;
      }
      const fields = submissionOutcome(submission, { orgId: project.organizationId, projectId: project.id, at, source: `ingest-attachments:${this.source}` });
      if (fields) outcomes.push({ key: String(project.id), value: await this.deps.codec.encode('outcomes', feedbackOutcome(fields)) });
    }
    return outcomes;
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
  const eventId = message.value.event_id ?? (typeof fields['event_id'] === 'string' ? fields['event_id'] : fromKey);
  return { eventId: typeof eventId === 'string' ? (normalizeId(eventId) ?? eventId) : null, name: fields['name'], email: fields['email'], comments: fields['comments'] };
}
