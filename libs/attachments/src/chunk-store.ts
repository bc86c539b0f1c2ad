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

/** First byte of a stored chunk that is not the chunk's own bytes: how the rest is encoded. */
const TAGGED_RAW = 0;
const LZ4_FRAME = 1;
/** Compressing this much first tells whether the whole chunk is worth compressing. */
const PROBE_BYTES = 64 * 1024;
/** Stored chunks are read back this much at a time: well under a socket read (see ChunkStore.read). */
const READ_SLICE_BYTES = 32 * 1024;
/** What the reader hands on at a time (but the last piece): a few slices, far under a chunk. */
const PIECE_BYTES = 256 * 1024;

const shrinks = (bytes: Buffer): boolean => compressFrameSync(bytes).length < bytes.length * 0.9;

/**
 * LZ4 when that makes the chunk smaller (a probe of its first 64 KiB
 * decides), else the bytes as they are: screenshots and minidumps are mostly
 * compressed already. A raw chunk is stored untouched unless its first byte
 * is one of the two tags (then it gets a tag of its own), so most raw chunks
 * cost no copy on the way in and none on the way out.
 */
export function encodeChunk(payload: Buffer): Buffer {
  if (payload.length > 0 && shrinks(payload.length > PROBE_BYTES ? payload.subarray(0, PROBE_BYTES) : payload)) {
    const compressed = compressFrameSync(payload);
    if (compressed.length < payload.length) return Buffer.concat([Buffer.of(LZ4_FRAME), compressed]);
  }
  return payload[0] === TAGGED_RAW || payload[0] === LZ4_FRAME ? Buffer.concat([Buffer.of(TAGGED_RAW), payload]) : payload;
}

export function decodeChunk(stored: Buffer): Buffer {
  if (stored[0] === TAGGED_RAW) return stored.subarray(1);
  if (stored[0] === LZ4_FRAME) return decompressFrameSync(stored.subarray(1));
  return stored;
}

/**
 * Attachment chunks between their `attachment_chunk` message and the message
 * that assembles them, in Redis, compressed with LZ4 where that helps (the
 * reference uses zstd, which this Node has no binding for; LZ4 costs less
 * CPU and the values are only ever read back here). Rewriting a chunk is idempotent.
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
    for (const chunk of chunks) pipeline.set(chunkKey(chunk.ref, chunk.index), encodeChunk(chunk.payload), 'EX', this.ttlSeconds);
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
   * The attachment's bytes in index order, each stored chunk read in slices
   * of at most READ_SLICE_BYTES: only a few slices are in memory at a time.
   * A whole-chunk GET would not do: ioredis' reply parser copies every reply
   * longer than one socket read into a shared pool it replaces by one three
   * times the reply's size, so 1 MiB replies keep several MiB resident. A
   * reply well under one socket read (64 KiB) arrives whole and is handed on
   * as a view of that read, with no copy (64 KiB slices, a few bytes over one
   * read each, still went through the pool: +3.25 MiB in one run). Throws
   * MissingAttachmentChunksError when a chunk is gone (expired since it was checked).
   */
  async *read(ref: AttachmentRef, chunks: number): AsyncGenerator<Buffer> {
    // Gathered into pieces of PIECE_BYTES: a write per 32 KiB slice cost the blob store more than the copy.
    let piece: Buffer | null = null;
    let filled = 0;
    for (let index = 0; index < chunks; index += 1) {
      for await (const bytes of this.readChunk(ref, index)) {
        for (let at = 0; at < bytes.length; ) {
          piece ??= Buffer.allocUnsafe(PIECE_BYTES);
          const copied = bytes.copy(piece, filled, at);
          filled += copied;
          at += copied;
          if (filled === PIECE_BYTES) {
            yield piece;
            piece = null;
            filled = 0;
          }
        }
      }
    }
    if (piece) yield piece.subarray(0, filled);
  }

  private async *readChunk(ref: AttachmentRef, index: number): AsyncGenerator<Buffer> {
    const key = chunkKey(ref, index);
    const results = await this.redis.pipeline().strlen(key).getrangeBuffer(key, 0, READ_SLICE_BYTES - 1).exec();
    throwFirstError(results);
    const length = results?.[0]?.[1] as number;
    const first = results?.[1]?.[1] as Buffer;
    if (length === 0) {
      if ((await this.redis.exists(key)) === 0) throw new MissingAttachmentChunksError(ref, index);
      return;
    }
    if (first[0] === LZ4_FRAME) {
      // Compressed only when that saved a tenth: the frame is read whole (it is smaller than the chunk) and decompressed.
      const stored = Buffer.allocUnsafe(length);
      let filled = first.copy(stored);
      for await (const slice of this.slices(ref, index, filled, length)) filled += slice.copy(stored, filled);
      yield decodeChunk(stored);
      return;
    }
    yield first[0] === TAGGED_RAW ? first.subarray(1) : first;
    yield* this.slices(ref, index, first.length, length);
  }
  /** The stored value of chunk `index` from `from` to `length`, a slice at a time; a short read means the key went away. */
  private async *slices(ref: AttachmentRef, index: number, from: number, length: number): AsyncGenerator<Buffer> {
    const key = chunkKey(ref, index);
    for (let start = from; start < length; ) {
      const slice = await this.redis.getrangeBuffer(key, start, Math.min(length, start + READ_SLICE_BYTES) - 1);
      if (slice.length === 0) throw new MissingAttachmentChunksError(ref, index);
      start += slice.length;
      yield slice;
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
