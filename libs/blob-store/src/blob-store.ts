import type { Readable } from 'node:stream';

/** What a put accepts: bytes already in memory, or a stream read once, front to back. */
export type BlobBody = Buffer | Uint8Array | Readable;

export interface PutResult {
  /** Bytes stored. */
  readonly size: number;
  /** Lower-case hex SHA-1 of the bytes stored, computed while they streamed through. */
  readonly sha1: string;
}

export interface BlobHead {
  readonly size: number;
}

/**
 * Opaque bytes under a key. Keys are relative, '/'-separated paths (see
 * assertBlobKey). A put under an existing key replaces it whole: readers see
 * the old blob or the new one, never a mix and never a partial write.
 */
export interface BlobStore {
  /** Stores the body under key; a stream is consumed without being held whole in memory. */
  put(key: string, body: BlobBody): Promise<PutResult>;
  /** The blob's bytes as a stream; rejects with BlobNotFoundError before any byte when it is missing. */
  get(key: string): Promise<Readable>;
  /** Size of the blob, or null when there is none. */
  head(key: string): Promise<BlobHead | null>;
  /** Removes the blob; deleting a missing key succeeds, so retries are safe. */
  delete(key: string): Promise<void>;
  /** Releases connections (the S3 client's sockets); the store is unusable afterwards. */
  close(): Promise<void>;
}

export class BlobNotFoundError extends Error {
  override readonly name = 'BlobNotFoundError';
  constructor(readonly key: string) {
    super(`no blob under key "${key}"`);
  }
}

export class InvalidBlobKeyError extends Error {
  override readonly name = 'InvalidBlobKeyError';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid blob key ${JSON.stringify(key)}: ${reason}`);
  }
}
