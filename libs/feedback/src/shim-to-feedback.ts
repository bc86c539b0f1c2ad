import { createOccurrenceProducer } from '@issuestream/issue-platform';
import type { MessageProducer } from '@issuestream/kafka';
import { isJsonObject, type JsonObject, type JsonValue, type SchemaCodec } from '@issuestream/schemas';
import {
  FEEDBACK_AI_SPAM_DETECTION, FEEDBACK_MESSAGE_MAX_SIZE, FEEDBACK_ORGANIZATION_SLUG_DENYLIST, type ProjectInfo, type TenantStore,
} from '@issuestream/storage';
import { eventTime } from './fix-event';
import { filterFeedback, type FeedbackFilterReason } from './filters';
import { nameBasedUuid } from './ids';
import { buildFeedbackIssue, type FeedbackIssue } from './occurrence';
import { feedbackOutcome, Outcome, type OutcomeFields } from './outcomes';
import { produceFeedbackIssues } from './produce-issues';
import { isNewFeedbackSource, type FeedbackCreationSource } from './source';
import { detectSpam, FEEDBACK_SPAM_INGEST_FLAG, spamDetectionEnabled, unknownSpamDetector, type SpamDetector } from './spam';

/** A stored user report, as the shim reads it. */
export interface ShimmedUserReport {
  /** The error event the report is about (32 hex). */
  readonly eventId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly comments: string;
}

const asObject = (value: unknown): JsonObject | undefined => (isJsonObject(value) ? value : undefined);
const nonEmpty = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The feedback event for a user report about a stored error event (the
 * reference's shim_to_feedback): the report's name (else the event user's
 * name or username) and e-mail (else the event user's), its comments as the
 * message, the error as associated event; from the error event its replay
 * context (also as the feedback's replay id), its trace context, its
 * timestamp, platform, level, environment and tags. No event id of its own:
 * `userReportFeedbackId` gives it one.
 */
export function feedbackEventForUserReport(report: ShimmedUserReport, errorEvent: JsonObject): JsonObject {
  const user = asObject(errorEvent['user']) ?? {};
  const errorContexts = asObject(errorEvent['contexts']) ?? {};
  const feedback: JsonObject = {
    name: nonEmpty(report.name) ?? nonEmpty(user['name']) ?? nonEmpty(user['username']) ?? '',
    contact_email: nonEmpty(report.email) ?? nonEmpty(user['email']) ?? '',
    message: report.comments,
    associated_event_id: report.eventId,
  };
  const contexts: JsonObject = { feedback };
  const replay = asObject(errorContexts['replay']);
  if (replay && nonEmpty(replay['replay_id'])) {
    contexts['replay'] = replay;
    feedback['replay_id'] = replay['replay_id'] as JsonValue;
  }
  const trace = asObject(errorContexts['trace']);
  if (trace && nonEmpty(trace['trace_id'])) contexts['trace'] = trace;
  const event: JsonObject = { contexts };
  const occurred = eventTime(errorEvent['timestamp'], new Date(Number.NaN)).getTime();
  if (!Number.isNaN(occurred)) event['timestamp'] = occurred / 1000;
  for (const key of ['platform', 'level', 'environment'] as const) {
    const value = nonEmpty(errorEvent[key]);
    if (value !== undefined) event[key] = value;
  }
  if (Array.isArray(errorEvent['tags'])) event['tags'] = errorEvent['tags'];
  else if (asObject(errorEvent['tags'])) event['tags'] = Object.entries(asObject(errorEvent['tags']) ?? {}).map(([k, v]) => [k, v]);
  return event;
}

/**
 * The shimmed feedback's event id. The reference mints a random one per
 * shim; ours is derived from the report (project, event, name, e-mail,
 * comments) so a redelivered or retried report makes the same feedback (one
 * issue; ingest-occurrences drops the repeated occurrence), while a report
 * overwritten with new text makes a new one, as in the reference.
 */
export function userReportFeedbackId(projectId: number, report: ShimmedUserReport): string {
  return nameBasedUuid('user-report-feedback', [projectId, report.eventId, report.name ?? '', report.email ?? '', report.comments].join('\u0000'));
}

export interface ShimOptions {
  readonly source: FeedbackCreationSource;
  readonly isSpam: boolean | null;
  readonly spamDetectionEnabled: boolean;
  /** Option `feedback.message.max-size`. */
  readonly maxMessageSize: number;
  readonly now: Date;
}

export type ShimmedFeedback =
  | { readonly kind: 'filtered'; readonly eventId: string; readonly reason: FeedbackFilterReason; readonly at: Date }
  | { readonly kind: 'issue'; readonly eventId: string; readonly issue: FeedbackIssue; readonly at: Date };

/**
 * A user report about a stored error event as a feedback issue: the same
 * filters and the same occurrence building as feedback from the SDK
 * (`filterFeedback`, `buildFeedbackIssue`), with the report's source as the
 * evidence's source. Pure.
 */
export function shimToFeedback(projectId: number, report: ShimmedUserReport, errorEvent: JsonObject, options: ShimOptions): ShimmedFeedback {
  const eventId = userReportFeedbackId(projectId, report);
  const event: JsonObject = { ...feedbackEventForUserReport(report, errorEvent), event_id: eventId };
  const at = eventTime(event['timestamp'], options.now);
  const reason = filterFeedback(event, { maxMessageSize: options.maxMessageSize });
  if (reason !== null) return { kind: 'filtered', eventId, reason, at };
  const issue = buildFeedbackIssue(event, {
    projectId, eventId, source: options.source, isSpam: options.isSpam, spamDetectionEnabled: options.spamDetectionEnabled, now: options.now,
  });
  return { kind: 'issue', eventId, issue, at };
}

/** One report to shim: where it belongs, what it says, the error event it is about (its stored document) and how it arrived. */
export interface UserReportToShim {
  readonly project: Pick<ProjectInfo, 'id' | 'organizationId' | 'organization'>;
  readonly report: ShimmedUserReport;
  readonly errorEvent: JsonObject;
  readonly source: FeedbackCreationSource;
}

export type UserReportShimResult =
  | { readonly kind: 'produced'; readonly eventId: string }
  | { readonly kind: 'filtered'; readonly eventId: string; readonly reason: FeedbackFilterReason }
  | { readonly kind: 'refused'; readonly eventId: string; readonly error: Error }
  | { readonly kind: 'denylisted' };

export interface UserReportShimDeps {
  readonly tenants: Pick<TenantStore, 'featuresFor' | 'getProjectOptions' | 'getGlobalOption' | 'markFeedbackReceived'>;
  readonly producer: MessageProducer;
  readonly codec: SchemaCodec;
  readonly occurrencesTopic: string;
  readonly outcomesTopic: string;
  /** The outcomes' `source`: the service that shimmed. */
  readonly outcomeSource: string;
  readonly spamDetector?: SpamDetector;
  readonly now?: Date;
}

/**
 * Shims a batch of user reports to feedback issues and sends them: the
 * organisation denylist, the spam gate and verdict, the occurrences (and spam
 * status changes) to `occurrencesTopic` in one send, the projects' feedback
 * flag, and one outcome per report (ACCEPTED, or INVALID with the filter's
 * reason) in one send. One result per input, in order. Safe to repeat: the
 * same report gives the same occurrence.
 */
export async function sendUserReportFeedback(deps: UserReportShimDeps, items: readonly UserReportToShim[]): Promise<UserReportShimResult[]> {
  if (items.length === 0) return [];
  const now = deps.now ?? new Date();
  const { tenants } = deps;
  const orgIds = [...new Set(items.map((i) => i.project.organizationId))];
  const projectIds = [...new Set(items.map((i) => i.project.id))];
  const [flags, spamOptions, maxMessageSize, denylist] = await Promise.all([
    tenants.featuresFor(orgIds, [FEEDBACK_SPAM_INGEST_FLAG]),
    tenants.getProjectOptions(projectIds, FEEDBACK_AI_SPAM_DETECTION),
    tenants.getGlobalOption(FEEDBACK_MESSAGE_MAX_SIZE),
    tenants.getGlobalOption(FEEDBACK_ORGANIZATION_SLUG_DENYLIST),
  ]);
  const denied = new Set<string>(denylist);
  const detector = deps.spamDetector ?? unknownSpamDetector;

  const shims = await Promise.all(
    items.map(async (item): Promise<ShimmedFeedback | null> => {
      if (denied.has(item.project.organization.slug)) return null;
      const enabled = spamDetectionEnabled(flags.get(item.project.organizationId) ?? new Set(), spamOptions.get(item.project.id) ?? true);
      const isSpam = await detectSpam(detector, enabled, item.report.comments);
      return shimToFeedback(item.project.id, item.report, item.errorEvent, { source: item.source, isSpam, spamDetectionEnabled: enabled, maxMessageSize, now });
    }),
  );

  const issues = shims.flatMap((shim, index) => (shim?.kind === 'issue' ? [{ index, issue: shim.issue }] : []));
  const producer = createOccurrenceProducer({ producer: deps.producer, codec: deps.codec, topic: deps.occurrencesTopic, now: () => now });
  const refusedAt = await produceFeedbackIssues(producer, issues.map((i) => i.issue));
  const refused = new Map([...refusedAt].map(([i, error]) => [issues[i]?.index ?? -1, error]));

  const results: UserReportShimResult[] = [];
  const outcomes: OutcomeFields[] = [];
  const produced: number[] = [];
  shims.forEach((shim, index) => {
    const item = items[index] as UserReportToShim;
    const base = { orgId: item.project.organizationId, projectId: item.project.id, source: deps.outcomeSource };
    if (shim === null) results.push({ kind: 'denylisted' });
    else if (shim.kind === 'filtered') {
      results.push({ kind: 'filtered', eventId: shim.eventId, reason: shim.reason });
      outcomes.push({ ...base, at: now, outcome: Outcome.INVALID, reason: shim.reason, eventId: shim.eventId });
    } else {
      const error = refused.get(index);
      if (error) results.push({ kind: 'refused', eventId: shim.eventId, error });
      else {
        results.push({ kind: 'produced', eventId: shim.eventId });
        outcomes.push({ ...base, at: shim.at, outcome: Outcome.ACCEPTED, reason: null, eventId: shim.eventId });
        produced.push(index);
      }
    }
  });
  await tenants.markFeedbackReceived(produced.map((i) => ({ projectId: (items[i] as UserReportToShim).project.id, newFeedback: isNewFeedbackSource((items[i] as UserReportToShim).source) })));
  if (outcomes.length > 0) {
    const messages = await Promise.all(outcomes.map(async (o) => ({ key: String(o.projectId), value: await deps.codec.encode('outcomes', feedbackOutcome(o)) })));
    await deps.producer.send(deps.outcomesTopic, messages);
  }
  return results;
}
