import { Readable } from 'node:stream';
import { attachmentKey, type EventAttachmentStore, type NewEventAttachment } from '@issuestream/attachments-data';
import type { BlobStore } from '@issuestream/blob-store';
import { attachmentContentType } from './content-type';
import { MissingAttachmentChunksError, type ChunkStore } from './chunk-store';
import { attachmentMetrics as metrics } from './metrics';
import { Outcome, type AttachmentOutcome } from './outcomes';
import { chunkCount, type PendingAttachment } from './pending-attachment';
import type { AttachmentRateLimiter, AttachmentRateLimits } from './rate-limiter';

/** SHA-1 of no bytes: the digest of an empty attachment, which gets no blob. */
export const EMPTY_SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';

export interface AttachmentWriterDeps {
  readonly chunks: ChunkStore;
  readonly blobs: BlobStore;
  readonly store: EventAttachmentStore;
  readonly limiter: AttachmentRateLimiter;
  /** Relay's per-item limit (200 MiB): a larger attachment is refused (INVALID `too_large`) while it streams. */
  readonly maxBytes: number;
  /** More chunks than this is refused before anything is read (a count no Relay would send). */
  readonly maxChunks: number;
  /** Attachments streamed to the blob store at once. */
  readonly concurrency: number;
  readonly now?: () => number;
}

/**
 * One attachment's bytes live under a key derived from its natural key:
 * a redelivery rewrites the same bytes under the same key (no orphan, no
 * second copy), and a row's blob is its own, so deleting the row may delete
 * the blob. Content addressing would need the SHA-1 before the first byte
 * is written, i.e. reading every chunk twice. The event id's first two hex
 * digits fan a project out over 256 directories that are created once: a
 * directory per event cost the filesystem backend a second inode (a mkdir)
 * per attachment, which took as much kernel time as creating the file.
 */
export const attachmentBlobKey = (a: PendingAttachment): string =>
  `attachments/p${a.ref.projectId}/${a.ref.eventId.slice(0, 2)}/${a.ref.eventId}-${a.ref.attachmentId}`;

class TooLargeError extends Error {
  override readonly name = 'TooLargeError';
}

type Stored = { readonly size: number; readonly sha1: string; readonly blobKey: string | null };
type Refusal = { readonly reason: 'missing_chunks' | 'too_large' };

/**
 * save_attachment for a batch (spec-attachments-errors §1.6), idempotent:
 * attachments stored before (by natural key) are skipped before anything is
 * read, then missing chunks (INVALID `missing_chunks`), the project rate
 * limits (RATE_LIMITED), the bytes streamed to the blob store a few at a
 * time, one insert for the rows (ACCEPTED), and the chunks removed. Returns
 * the outcomes to produce; transient errors are thrown (the batch is retried,
 * and what it already stored is then skipped).
 */
export class AttachmentWriter {
  private readonly now: () => number;

  constructor(private readonly deps: AttachmentWriterDeps) {
    this.now = deps.now ?? Date.now;
  }

  async save(attachments: readonly PendingAttachment[], limits: AttachmentRateLimits): Promise<AttachmentOutcome[]> {
    const outcomes: AttachmentOutcome[] = [];
    const at = new Date(this.now());
    const refuse = (a: PendingAttachment, outcome: AttachmentOutcome['outcome'], reason: string, size = a.declaredSize ?? 0) => {
      metrics.attachments.inc({ outcome: reason });
      outcomes.push({ at, orgId: a.organizationId, projectId: a.ref.projectId, eventId: a.ref.eventId, outcome, reason, size });
    };

    // Both reads at once (one round trip less per batch): which natural keys are stored already (Postgres) and which
    // attachments lack a chunk (Redis, read-only, so asking about one that turns out to be stored costs nothing).
    const [fresh, missing] = await Promise.all([
      this.notStoredYet(attachments),
      this.deps.chunks.firstMissing(attachments.filter((a) => this.isReadable(a)).map((a) => ({ ref: a.ref, chunks: chunkCount(a.content) }))),
    ]);
    const readable: PendingAttachment[] = [];
    for (const a of fresh) {
      if (a.content.kind === 'stored') refuse(a, Outcome.INVALID, 'unsupported_stored_id');
      else if (!this.isReadable(a)) refuse(a, Outcome.INVALID, 'too_large');
      else readable.push(a);
    }
    const complete = readable.filter((a) => {
      if (!missing.has(a.ref)) return true;
      refuse(a, Outcome.INVALID, 'missing_chunks');
      return false;
    });
    const allowed = await this.withinRateLimits(complete, limits, (a) => refuse(a, Outcome.RATE_LIMITED, 'rate_limited'));

    const rows: NewEventAttachment[] = [];
    const sources: PendingAttachment[] = [];
    const stored = await mapConcurrently(allowed, this.deps.concurrency, (a) => this.storeBytes(a));
    allowed.forEach((a, i) => {
      const result = stored[i];
      if (!result) return;
      if ('reason' in result) refuse(a, Outcome.INVALID, result.reason);
      else {
        rows.push(newRow(a, result, at));
        sources.push(a);
      }
    });
    const written = await this.deps.store.insert(rows);
    written.forEach((write, i) => {
      const row = rows[i];
      const source = sources[i];
      if (!row || !source) return;
      if (write.kind === 'inserted') {
        metrics.attachments.inc({ outcome: 'accepted' });
        metrics.attachmentBytes.inc(row.size);
        outcomes.push({ at, orgId: source.organizationId, projectId: row.projectId, eventId: row.eventId, outcome: Outcome.ACCEPTED, reason: null, size: row.size });
      } else if (write.kind === 'existing') metrics.attachments.inc({ outcome: 'duplicate' });
      else {
        // Postgres refused this row (bad data); the blob stays under its key for a fixed redelivery to reuse.
        console.error(`[ingest-attachments] attachment ${attachmentKey(row)} not stored: ${write.error.message}`);
        refuse(source, Outcome.INVALID, 'invalid_attachment', row.size);
      }
    });
    await this.deps.chunks.delete(attachments.map((a) => ({ ref: a.ref, chunks: chunkCount(a.content) })));
    return outcomes;
  }

  /** Bytes this consumer can read: inline, or a chunk count a Relay could send. */
  private isReadable(a: PendingAttachment): boolean {
    return a.content.kind === 'inline' || (a.content.kind === 'chunks' && a.content.count <= this.deps.maxChunks);
  }

  /** Each natural key once, and only those with no row yet (a redelivery of a stored attachment does nothing). */
  private async notStoredYet(attachments: readonly PendingAttachment[]): Promise<PendingAttachment[]> {
    const existing = await this.deps.store.findByKeys(attachments.map((a) => a.ref));
    const seen = new Set<string>();
    return attachments.filter((a) => {
      const key = attachmentKey(a.ref);
      const fresh = !existing.has(key) && !seen.has(key);
      if (!fresh) metrics.attachments.inc({ outcome: 'duplicate' });
      seen.add(key);
      return fresh;
    });
  }

  private async withinRateLimits(
    attachments: readonly PendingAttachment[],
    limits: AttachmentRateLimits,
    onLimited: (a: PendingAttachment) => void,
  ): Promise<PendingAttachment[]> {
    const wanted = new Map<number, number>();
    for (const a of attachments) wanted.set(a.ref.projectId, (wanted.get(a.ref.projectId) ?? 0) + 1);
    const allowance = await this.deps.limiter.allow(wanted, limits);
    return attachments.filter((a) => {
      const left = allowance.get(a.ref.projectId) ?? 0;
      if (left > 0) {
        allowance.set(a.ref.projectId, left - 1);
        return true;
      }
      onLimited(a);
      return false;
    });
  }

  /** Streams the bytes to the blob store (one chunk in memory at a time); empty attachments get no blob. */
  private async storeBytes(a: PendingAttachment): Promise<Stored | Refusal> {
    const content = a.content;
    if (content.kind === 'inline') {
      if (content.data.length === 0) return { size: 0, sha1: EMPTY_SHA1, blobKey: null };
      if (content.data.length > this.deps.maxBytes) return { reason: 'too_large' };
      const key = attachmentBlobKey(a);
      return { ...(await this.deps.blobs.put(key, content.data)), blobKey: key };
    }
    if (content.kind !== 'chunks' || content.count === 0) return { size: 0, sha1: EMPTY_SHA1, blobKey: null };
    const key = attachmentBlobKey(a);
    const bytes = limited(this.deps.chunks.read(a.ref, content.count), this.deps.maxBytes);
    // highWaterMark 0: the stream asks Redis for the next chunk only when the blob store wants it.
    const body = Readable.from(bytes, { highWaterMark: 0 });
    try {
      const put = await this.deps.blobs.put(key, body);
      // An empty chunked attachment is as empty as an inline one.
      if (put.size === 0) return { size: 0, sha1: EMPTY_SHA1, blobKey: null };
      return { ...put, blobKey: key };
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return refusal;
      throw error;
    }
  }
}

function refusalOf(error: unknown): Refusal | null {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof MissingAttachmentChunksError) return { reason: 'missing_chunks' };
    if (e instanceof TooLargeError) return { reason: 'too_large' };
  }
  return null;
}

async function* limited(chunks: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > maxBytes) throw new TooLargeError(`more than ${maxBytes} bytes`);
    yield chunk;
  }
}

function newRow(a: PendingAttachment, stored: Stored, dateAdded: Date): NewEventAttachment {
  return {
    projectId: a.ref.projectId,
    eventId: a.ref.eventId,
    attachmentId: a.ref.attachmentId,
    groupId: a.groupId,
    type: a.type,
    name: a.name,
    contentType: attachmentContentType(a.contentType, a.name),
    size: stored.size,
    sha1: stored.sha1,
    blobKey: stored.blobKey,
    dateAdded,
  };
}

/** `work` over items with at most `limit` running at once; results in item order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
