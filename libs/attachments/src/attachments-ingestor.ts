import type { EventAttachmentStore } from '@issuestream/attachments-data';
import { normalizeId, type ErrorEventIngestor } from '@issuestream/errors';
import { storedErrorEvents } from '@issuestream/issues-data';
import type { BatchContext, ConsumedMessage, OutgoingMessage } from '@issuestream/kafka';
import type { IngestAttachments, SchemaCodec } from '@issuestream/schemas';
import {
  ATTACHMENT_PROJECT_PER_5_MINUTE_LIMIT, ATTACHMENT_PROJECT_PER_SECOND_LIMIT, type ProjectInfo, type TenantStore,
} from '@issuestream/storage';
import type { Pool } from 'pg';
import type { AttachmentWriter } from './attachment-writer';
import type { ChunkStore, StoredChunk } from './chunk-store';
import { linkToStoredEvents } from './event-groups';
import { attachmentMetrics as metrics } from './metrics';
import { attachmentOutcome, type AttachmentOutcome } from './outcomes';
import { chunkCount, type AttachmentContent, type PendingAttachment } from './pending-attachment';
import type { UserReportIntake } from './user-report-intake';

type Message = ConsumedMessage<IngestAttachments.IngestAttachmentsMessage>;
type Typed<T> = ConsumedMessage<T>;

export const EVENT_ATTACHMENTS_FEATURE = 'organizations:event-attachments';
/** The only types a standalone attachment is stored as (others, e.g. a lone minidump, are logged and skipped). */
export const STANDALONE_ATTACHMENT_TYPES: ReadonlySet<string> = new Set(['event.attachment', 'event.view_hierarchy']);

export interface AttachmentsIngestorDeps {
  readonly pool: Pool;
  readonly tenants: TenantStore;
  readonly codec: SchemaCodec;
  readonly chunks: ChunkStore;
  readonly writer: AttachmentWriter;
  readonly store: EventAttachmentStore;
  /** The errors pipeline, the same code ingest-events runs. */
  readonly errors: ErrorEventIngestor;
  readonly userReports: UserReportIntake;
  readonly outcomesTopic: string;
}

interface Sorted {
  chunks: Typed<IngestAttachments.AttachmentChunk>[];
  events: Typed<IngestAttachments.EventWithAttachments>[];
  attachments: Typed<IngestAttachments.AttachmentMessage>[];
  reports: Typed<IngestAttachments.UserReport>[];
}

/**
 * The ingest-attachments step (spec-attachments-errors §1). First every
 * `attachment_chunk` of the batch goes to the chunk store, so a later message
 * of the same partition — in this batch or the next — finds its chunks
 * (Relay produces them first, with the same key). Then: `event` messages
 * through the errors pipeline, their attachments saved with the event's
 * issue; standalone `attachment` messages saved and linked to their event's
 * issue when it is stored; `user_report` messages through save_userreport.
 * Events go before the rest, so a report or attachment finds an event that
 * came in the same batch.
 */
export class AttachmentsIngestor {
  constructor(private readonly deps: AttachmentsIngestorDeps) {}

  async ingest(batch: readonly Message[], context: BatchContext): Promise<void> {
    const sorted = sortByType(batch);
    const projects = await this.deps.tenants.getProjects(batch.map((m) => m.value.project_id));
    const known = <T extends { project_id: number }>(messages: Typed<T>[]) =>
      messages.filter((message) => {
        if (projects.has(message.value.project_id)) return true;
        context.reject(message, 'unknown_project', `project_id: no project ${message.value.project_id}`);
        return false;
      });

    await this.storeChunks(known(sorted.chunks), context);
    // Unknown projects are the errors pipeline's to reject, as on ingest-events.
    if (sorted.events.length > 0) await this.deps.errors.ingest(sorted.events, context);
    const pending = [
      ...(await this.eventAttachments(sorted.events, projects)),
      ...this.standaloneAttachments(known(sorted.attachments), projects, context),
    ];
    const outcomes = await this.saveAttachments(pending, projects);
    const standalone = pending.filter((p) => p.groupId === null).map((p) => p.ref);
    // The links (which need the rows just inserted) and the user reports with the batch's outcomes do not depend on
    // each other, so they overlap; ingest resolves only when both are done, and the runtime commits only then.
    await Promise.all([
      linkToStoredEvents(this.deps.pool, this.deps.store, standalone),
      this.deps.userReports
        .submit(known(sorted.reports), projects, context)
        .then(async (reportOutcomes) => this.produce([...(await this.encode(outcomes)), ...reportOutcomes], context)),
    ]);
  }

  private async storeChunks(messages: Typed<IngestAttachments.AttachmentChunk>[], context: BatchContext): Promise<void> {
    const chunks: StoredChunk[] = [];
    for (const message of messages) {
      const { event_id, id, chunk_index, project_id, payload } = message.value;
      const eventId = normalizeId(event_id);
      const attachmentId = normalizeId(id);
      if (!eventId) context.reject(message, 'invalid_event_id', `event_id: ${JSON.stringify(event_id).slice(0, 64)} is not a UUID`);
      else if (!attachmentId) context.reject(message, 'invalid_attachment_id', `id: ${JSON.stringify(id).slice(0, 64)} is not a UUID`);
      else if (chunk_index < 0) context.reject(message, 'invalid_chunk_index', `chunk_index: ${chunk_index} is negative`);
      else chunks.push({ ref: { projectId: project_id, eventId, attachmentId }, index: chunk_index, payload });
    }
    await this.deps.chunks.put(chunks);
    metrics.chunks.inc(chunks.length);
  }

  /** The attachments of the batch's events that the errors pipeline stored (a refused event keeps none). */
  private async eventAttachments(
    events: readonly Typed<IngestAttachments.EventWithAttachments>[],
    projects: ReadonlyMap<number, ProjectInfo>,
  ): Promise<PendingAttachment[]> {
    const carrying = events.filter((m) => m.value.attachments.length > 0);
    if (carrying.length === 0) return [];
    const keys = carrying.flatMap((m) => {
      const eventId = normalizeId(m.value.event_id);
      return eventId ? [{ projectId: m.value.project_id, eventId }] : [];
    });
    const stored = await storedErrorEvents(this.deps.pool, keys);
    const pending: PendingAttachment[] = [];
    const dropped: PendingAttachment[] = [];
    for (const { value } of carrying) {
      const eventId = normalizeId(value.event_id);
      const project = projects.get(value.project_id);
      const event = eventId && stored.get(`${value.project_id}:${eventId}`);
      for (const info of value.attachments) {
        const attachmentId = normalizeId(info.id);
        if (!eventId || !project || !attachmentId) continue;
        const attachment = pendingAttachment(project, eventId, attachmentId, info, event ? event.groupId : null);
        if (!event) {
          metrics.attachments.inc({ outcome: 'event_not_stored' });
          dropped.push(attachment);
        } else if (info.rate_limited) {
          // Relay kept it for processing only (e.g. a minidump over quota); it is never stored.
          metrics.attachments.inc({ outcome: 'rate_limited_by_relay' });
          dropped.push(attachment);
        } else pending.push(attachment);
      }
    }
    await this.deps.chunks.delete(dropped.map((a) => ({ ref: a.ref, chunks: chunkCount(a.content) })));
    return pending;
  }

  private standaloneAttachments(
    messages: readonly Typed<IngestAttachments.AttachmentMessage>[],
    projects: ReadonlyMap<number, ProjectInfo>,
    context: BatchContext,
  ): PendingAttachment[] {
    const pending: PendingAttachment[] = [];
    for (const message of messages) {
      const { event_id, attachment: info, project_id } = message.value;
      const eventId = normalizeId(event_id);
      const attachmentId = normalizeId(info.id);
      const project = projects.get(project_id);
      if (!eventId) context.reject(message, 'invalid_event_id', `event_id: ${JSON.stringify(event_id).slice(0, 64)} is not a UUID`);
      else if (!attachmentId) context.reject(message, 'invalid_attachment_id', `attachment.id: ${JSON.stringify(info.id).slice(0, 64)} is not a UUID`);
      else if (project && !STANDALONE_ATTACHMENT_TYPES.has(info.attachment_type)) {
        metrics.attachments.inc({ outcome: 'unsupported_type' });
        console.warn(`[ingest-attachments] standalone attachment ${attachmentId} of type ${info.attachment_type} not stored (only event.attachment and event.view_hierarchy are)`);
      } else if (project) pending.push(pendingAttachment(project, eventId, attachmentId, info, null));
    }
    return pending;
  }

  /** Attachments of organisations with `organizations:event-attachments` (on by default) are saved; the others' chunks are dropped. */
  private async saveAttachments(pending: readonly PendingAttachment[], projects: ReadonlyMap<number, ProjectInfo>): Promise<AttachmentOutcome[]> {
    if (pending.length === 0) return [];
    const orgs = [...new Set([...projects.values()].map((p) => p.organizationId))];
    const [features, perSecond, perFiveMinutes] = await Promise.all([
      this.deps.tenants.featuresFor(orgs, [EVENT_ATTACHMENTS_FEATURE]),
      this.deps.tenants.getGlobalOption(ATTACHMENT_PROJECT_PER_SECOND_LIMIT),
      this.deps.tenants.getGlobalOption(ATTACHMENT_PROJECT_PER_5_MINUTE_LIMIT),
    ]);
    const enabled = pending.filter((a) => features.get(a.organizationId)?.has(EVENT_ATTACHMENTS_FEATURE) ?? false);
    const disabled = pending.filter((a) => !enabled.includes(a));
    disabled.forEach(() => metrics.attachments.inc({ outcome: 'feature_disabled' }));
    await this.deps.chunks.delete(disabled.map((a) => ({ ref: a.ref, chunks: chunkCount(a.content) })));
    return this.deps.writer.save(enabled, { perSecond, perFiveMinutes });
  }

  private async encode(outcomes: readonly AttachmentOutcome[]): Promise<OutgoingMessage[]> {
    const messages: OutgoingMessage[] = [];
    for (const outcome of outcomes) {
      messages.push({ key: outcome.eventId, value: await this.deps.codec.encode('outcomes', attachmentOutcome(outcome)) });
    }
    return messages;
  }

  private async produce(outcomes: readonly OutgoingMessage[], context: BatchContext): Promise<void> {
    if (outcomes.length > 0) await context.producer.send(this.deps.outcomesTopic, outcomes);
  }
}

function sortByType(batch: readonly Message[]): Sorted {
  const sorted: Sorted = { chunks: [], events: [], attachments: [], reports: [] };
  for (const message of batch) {
    const value = message.value;
    if (value.type === 'attachment_chunk') sorted.chunks.push(message as Typed<IngestAttachments.AttachmentChunk>);
    else if (value.type === 'event') sorted.events.push(message as Typed<IngestAttachments.EventWithAttachments>);
    else if (value.type === 'attachment') sorted.attachments.push(message as Typed<IngestAttachments.AttachmentMessage>);
    else sorted.reports.push(message as Typed<IngestAttachments.UserReport>);
  }
  return sorted;
}

function contentOf(info: IngestAttachments.AttachmentInfo): AttachmentContent {
  if (info.data !== null) return { kind: 'inline', data: info.data };
  if (info.stored_id !== null) return { kind: 'stored', storedId: info.stored_id };
  return { kind: 'chunks', count: info.chunks ?? 0 };
}

function pendingAttachment(
  project: ProjectInfo,
  eventId: string,
  attachmentId: string,
  info: IngestAttachments.AttachmentInfo,
  groupId: number | null,
): PendingAttachment {
  return {
    ref: { projectId: project.id, eventId, attachmentId },
    organizationId: project.organizationId,
    name: info.name,
    contentType: info.content_type,
    type: info.attachment_type,
    declaredSize: info.size,
    content: contentOf(info),
    groupId,
  };
}
