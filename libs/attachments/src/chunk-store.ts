import { redisKey } from '@issuestream/storage';
import type { Redis } from 'ioredis';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';

/** How long a chunk waits for the message that uses it (the reference's CACHE_TIMEOUT). */
export const CHUNK_TTL_SECONDS = 3600;

/** One attachment's place in the chunk store; ids are 32 lower-case hex. */
export interface AttachmentRef {
  readonly projectId: number;
  readonly eventId: string;
  readonly attachmentId: string;
}

export interface StoredChunk {
  readonly ref: AttachmentRef;
  readonly index: number;
  readonly payload: Buffer;
}

/** A chunk the attachment needs is not (or no longer) in the store: outcome INVALID `missing_chunks`. */
export class MissingAttachmentChunksError extends Error {
  override readonly name = 'MissingAttachmentChunksError';
  constructor(
    readonly ref: AttachmentRef,
    readonly index: number,
  ) {
    super(`attachment ${ref.attachmentId} of event ${ref.eventId}: chunk ${index} is missing`);
  }
}

/**
 * The reference's key layout `e:{event_id}:{project_id}:a:{attachment_id}:{chunk_index}`
 * under our Redis namespace.
 */
export const chunkKey = (ref: AttachmentRef, index: number): string =>
  redisKey('attachments', 'e', ref.eventId, ref.projectId, 'a', ref.attachmentId, index);

/**
 * Attachment chunks between their `attachment_chunk` message and the message
 * that assembles them, in Redis, LZ4-compressed (the reference uses zstd,
 * which this Node has no binding for; LZ4 costs less CPU and the values are
 * only ever read back here). Rewriting a chunk is idempotent.
 */
export class ChunkStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds = CHUNK_TTL_SECONDS,
  ) {}

  /** Stores a batch's chunks in one pipeline; resolves once Redis has all of them. */
  async put(chunks: readonly StoredChunk[]): Promise<void> {
    if (chunks.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const chunk of chunks) pipeline.set(chunkKey(chunk.ref, chunk.index), compressFrameSync(chunk.payload), 'EX', this.ttlSeconds);
    throwFirstError(await pipeline.exec());
  }

  /** The first missing chunk index of each attachment (chunks 0..count-1), in one pipeline; complete ones are absent. */
  async firstMissing(wanted: readonly { ref: AttachmentRef; chunks: number }[]): Promise<Map<AttachmentRef, number>> {
    const missing = new Map<AttachmentRef, number>();
    const asked = wanted.filter((w) => w.chunks > 0);
    if (asked.length === 0) return missing;
    const pipeline = this.redis.pipeline();
    for (const { ref, chunks } of asked) for (let i = 0; i < chunks; i += 1) pipeline.exists(chunkKey(ref, i));
    const results = await pipeline.exec();
    throwFirstError(results);
    let at = 0;
    for (const { ref, chunks } of asked) {
      for (let i = 0; i < chunks; i += 1, at += 1) {
        if (results?.[at]?.[1] === 0 && !missing.has(ref)) missing.set(ref, i);
      }
    }
    return missing;
  }

  /**
   * The attachment's bytes, one chunk at a time in index order: only the
   * chunk being handed on is in memory. Throws MissingAttachmentChunksError
   * when a chunk is gone (expired since it was checked).
   */
  async *read(ref: AttachmentRef, chunks: number): AsyncGenerator<Buffer> {
    for (let index = 0; index < chunks; index += 1) {
      const stored = await this.redis.getBuffer(chunkKey(ref, index));
      if (stored === null) throw new MissingAttachmentChunksError(ref, index);
      yield decompressFrameSync(stored);
    }
  }

  /** Removes the chunks of attachments that are done with (stored, refused or incomplete), in one call. */
  async delete(done: readonly { ref: AttachmentRef; chunks: number }[]): Promise<void> {
    const keys = done.flatMap(({ ref, chunks }) => Array.from({ length: chunks }, (_, i) => chunkKey(ref, i)));
    if (keys.length > 0) await this.redis.unlink(...keys);
  }
}

function throwFirstError(results: [Error | null, unknown][] | null): void {
  if (results === null) throw new Error('the Redis pipeline was discarded');
  const failed = results.find(([error]) => error !== null);
  if (failed?.[0]) throw failed[0];
}
