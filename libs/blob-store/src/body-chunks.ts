import { createHash, type Hash } from 'node:crypto';
import type { BlobBody, PutResult } from './blob-store';

/** The body as a sequence of byte chunks; a stream is pulled one chunk at a time, so it is never held whole. */
export async function* bodyChunks(body: BlobBody): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) {
    yield body;
    return;
  }
  for await (const chunk of body as AsyncIterable<unknown>) {
    if (chunk instanceof Uint8Array) yield chunk;
    else if (typeof chunk === 'string') yield Buffer.from(chunk);
    else throw new TypeError('blob body streams must yield bytes (not object-mode values)');
  }
}

/** Size and SHA-1 of the bytes that went by, for PutResult. */
export class BodyDigest {
  private readonly hash: Hash = createHash('sha1');
  private size = 0;

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.size += chunk.byteLength;
  }

  result(): PutResult {
    return { size: this.size, sha1: this.hash.digest('hex') };
  }
}
