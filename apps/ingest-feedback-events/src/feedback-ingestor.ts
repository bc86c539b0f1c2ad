import {
  buildFeedbackIssue, detectSpam, eventTime, feedbackContext, FeedbackCreationSource, feedbackOutcome, filterFeedback, isNewFeedbackSource, Outcome,
  produceFeedbackIssues, shimFeedbackToUserReports, spamDetectionEnabled, unknownSpamDetector, userReportOutcome, type FeedbackIssue, type OutcomeFields, type ProducedFeedback,
  type SpamDetector,
} from '@issuestream/feedback';
import { createOccurrenceProducer } from '@issuestream/issue-platform';
import type { BatchContext, ConsumedMessage } from '@issuestream/kafka';
import { createLogger } from '@issuestream/observability';
import { isJsonObject, type IngestFeedbackEvents, type JsonObject, type SchemaCodec } from '@issuestream/schemas';
import {
  FEEDBACK_AI_SPAM_DETECTION, FEEDBACK_FILTER_GARBAGE_MESSAGES, FEEDBACK_MESSAGE_MAX_SIZE, FEEDBACK_ORGANIZATION_SLUG_DENYLIST, type ProjectInfo, type TenantStore,
} from '@issuestream/storage';
import type { UserReportStore } from '@issuestream/user-reports-data';
import { feedbackFiltered, feedbackOutcomes, userReportFailed, userReportSuccess } from './metrics';

const log = createLogger('ingest-feedback-events');

export const FEEDBACK_INGEST_FLAG = 'organizations:user-feedback-ingest';
export const FEEDBACK_SPAM_FLAG = 'organizations:user-feedback-spam-ingest';

export interface FeedbackIngestorOptions {
  tenants: Pick<TenantStore, 'getProjects' | 'featuresFor' | 'getProjectOptions' | 'getGlobalOption' | 'markFeedbackReceived' | 'ensureEnvironments'>;
  userReports: Pick<UserReportStore, 'save'>;
  codec: SchemaCodec;
  occurrencesTopic: string;
  outcomesTopic: string;
  spamDetector?: SpamDetector;
  now?: () => Date;
}

type Message = ConsumedMessage<IngestFeedbackEvents.IngestFeedbackEventsMessage>;

interface Candidate {
  message: Message;
  project: ProjectInfo;
  event: JsonObject;
  eventId: string;
  at: Date;
}

/**
 * The batch step of ingest-feedback-events: decode the event JSON, look up
 * tenants once per batch, apply the ingest gate and the feedback filters,
 * produce one occurrence (type 6001) per kept feedback in a single send, a
 * status change for spam; then, for what was produced, set the projects'
 * feedback flags and store a user report for each feedback about an error
 * event; and one outcome per feedback (plus one per refused user report).
 */
export class FeedbackIngestor {
  private readonly spamDetector: SpamDetector;
  private readonly now: () => Date;

  constructor(private readonly options: FeedbackIngestorOptions) {
    this.spamDetector = options.spamDetector ?? unknownSpamDetector;
    this.now = options.now ?? (() => new Date());
  }

  async ingest(batch: readonly Message[], context: BatchContext): Promise<void> {
    const { tenants } = this.options;
    const now = this.now();
    const outcomes: OutcomeFields[] = [];
    const invalid = (message: Message, reason: string, detail: string, project: ProjectInfo | null, eventId: string | null) => {
      context.reject(message, reason, detail);
      outcomes.push({ at: now, orgId: project?.organizationId ?? null, projectId: project?.id ?? message.value.project_id, outcome: Outcome.INVALID, reason, eventId });
    };

    const projects = await tenants.getProjects([...new Set(batch.map((m) => m.value.project_id))]);
    const orgIds = [...new Set([...projects.values()].map((p) => p.organizationId))];
    const [flags, spamOptions, maxMessageSize, denylist, filterGarbageMessages] = await Promise.all([
      tenants.featuresFor(orgIds, [FEEDBACK_INGEST_FLAG, FEEDBACK_SPAM_FLAG]),
      tenants.getProjectOptions([...projects.keys()], FEEDBACK_AI_SPAM_DETECTION),
      tenants.getGlobalOption(FEEDBACK_MESSAGE_MAX_SIZE),
      tenants.getGlobalOption(FEEDBACK_ORGANIZATION_SLUG_DENYLIST),
      tenants.getGlobalOption(FEEDBACK_FILTER_GARBAGE_MESSAGES),
    ]);
    const denied = new Set<string>(denylist);

    const kept: Candidate[] = [];
    for (const message of batch) {
      const wire = message.value;
      const project = projects.get(wire.project_id);
      if (!project) {
        invalid(message, 'project_id', `unknown project ${wire.project_id}`, null, wire.event_id);
        continue;
      }
      let event: unknown;
      try {
        event = JSON.parse(wire.payload.toString('utf8'));
      } catch (error) {
        invalid(message, 'payload', `payload is not JSON: ${error instanceof Error ? error.message : String(error)}`, project, wire.event_id);
        continue;
      }
      if (!isJsonObject(event)) {
        invalid(message, 'payload', 'payload is not a JSON object', project, wire.event_id);
        continue;
      }
      const eventId = typeof event['event_id'] === 'string' && event['event_id'] !== '' ? event['event_id'] : wire.event_id;
      const at = eventTime(event['timestamp'], now);
      const base = { at, orgId: project.organizationId, projectId: project.id, eventId };
      // Ingest gate: a denylisted organisation, or one without the ingest flag, is dropped before any work.
      if (denied.has(project.organization.slug)) {
        outcomes.push({ ...base, outcome: Outcome.FILTERED, reason: 'org.denylist' });
        continue;
      }
      if (!flags.get(project.organizationId)?.has(FEEDBACK_INGEST_FLAG)) {
        outcomes.push({ ...base, outcome: Outcome.FILTERED, reason: 'feature_disabled' });
        continue;
      }
      const reason = filterFeedback(event, { maxMessageSize });
      if (reason !== null) {
        feedbackFiltered.inc({ reason });
        // The reference reports filtered feedback as an INVALID outcome with the filter's reason.
        outcomes.push({ ...base, outcome: Outcome.INVALID, reason });
        continue;
      }
      kept.push({ message, project, event, eventId, at });
    }

    const issues = await Promise.all(
      kept.map(async (candidate): Promise<{ candidate: Candidate; issue: FeedbackIssue }> => {
        const enabled = spamDetectionEnabled(flags.get(candidate.project.organizationId) ?? new Set(), spamOptions.get(candidate.project.id) ?? true);
        const message = String(feedbackContext(candidate.event)?.['message'] ?? '');
        const isSpam = await detectSpam(this.spamDetector, enabled, message);
        const issue = buildFeedbackIssue(candidate.event, { projectId: candidate.project.id, eventId: candidate.eventId, isSpam, spamDetectionEnabled: enabled, now });
        return { candidate, issue };
      }),
    );

    const producer = createOccurrenceProducer({ producer: context.producer, codec: this.options.codec, topic: this.options.occurrencesTopic, now: () => now });
    const refused = await produceFeedbackIssues(producer, issues.map(({ issue }) => issue));
    for (const [index, error] of refused) {
      const bad = issues[index];
      if (bad) invalid(bad.candidate.message, 'occurrence', error.message, bad.candidate.project, bad.candidate.eventId);
    }
    const pending = issues.filter((_, index) => !refused.has(index));
    for (const { candidate } of pending) {
      outcomes.push({ at: candidate.at, orgId: candidate.project.organizationId, projectId: candidate.project.id, outcome: Outcome.ACCEPTED, reason: null, eventId: candidate.eventId });
    }
    const produced = pending.map(({ candidate, issue }) => ({ projectId: candidate.project.id, organizationId: candidate.project.organizationId, event: issue.event, at: candidate.at }));
    outcomes.push(...(await this.afterProduced(produced, { now, filterGarbageMessages })));
    await this.sendOutcomes(outcomes, context);
  }

  /**
   * Project flags and user reports for the produced feedback, each in bulk
   * and safe to repeat. Returns the outcomes of refused user reports. A
   * report the database refuses is logged and counted, and does not fail the
   * batch; a transient database error does (the batch is retried).
   */
  private async afterProduced(produced: readonly ProducedFeedback[], options: { now: Date; filterGarbageMessages: boolean }): Promise<OutcomeFields[]> {
    const { tenants, userReports } = this.options;
    const newFeedback = isNewFeedbackSource(FeedbackCreationSource.NEW_FEEDBACK_ENVELOPE);
    const [, shims] = await Promise.all([
      tenants.markFeedbackReceived(produced.map((p) => ({ projectId: p.projectId, newFeedback }))),
      shimFeedbackToUserReports({ tenants, userReports }, produced, options),
    ]);
    const outcomes: OutcomeFields[] = [];
    for (const { feedback, associatedEventId, result } of shims) {
      const outcome = userReportOutcome(result, { orgId: feedback.organizationId, projectId: feedback.projectId, at: feedback.at });
      if (outcome) outcomes.push(outcome);
      if (result.kind === 'saved' || result.kind === 'overwritten' || result.kind === 'unchanged') userReportSuccess.inc({ result: result.kind });
      else if (result.kind === 'conflict') userReportFailed.inc({ reason: 'duplicate_report' });
      else if (result.kind === 'invalid') userReportFailed.inc({ reason: result.reason });
      else {
        userReportFailed.inc({ reason: 'error' });
        log.error('user report for feedback not stored', { project_id: feedback.projectId, associated_event_id: associatedEventId, error: result.error.message });
      }
    }
    return outcomes;
  }

  private async sendOutcomes(outcomes: readonly OutcomeFields[], context: BatchContext): Promise<void> {
    if (outcomes.length === 0) return;
    const messages = await Promise.all(
      outcomes.map(async (fields) => ({ key: fields.projectId === null ? null : String(fields.projectId), value: await this.options.codec.encode('outcomes', feedbackOutcome(fields)) })),
    );
    await context.producer.send(this.options.outcomesTopic, messages);
    for (const fields of outcomes) feedbackOutcomes.inc({ project_id: String(fields.projectId ?? ''), outcome: String(fields.outcome), reason: fields.reason ?? '' });
  }
}
