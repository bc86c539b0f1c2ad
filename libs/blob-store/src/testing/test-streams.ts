import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** Reads a stream to its end; fine for the small blobs of these tests. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** SHA-1 and size of a stream, without keeping it. */
export async function digestOf(stream: Readable): Promise<{ size: number; sha1: string }> {
  const hash = createHash('sha1');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Uint8Array);
    size += (chunk as Uint8Array).byteLength;
  }
  return { size, sha1: hash.digest('hex') };
}

export const sha1Of = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');

/**
 * `size` bytes generated on demand in `chunkSize` pieces, never all at once:
 * a pseudo-random block rewritten with a counter, so parts differ.
 */
export function generatedStream(size: number, chunkSize = 64 * 1024): Readable {
  let produced = 0;
  let counter = 0;
  const block = Buffer.alloc(chunkSize);
  for (let i = 0; i < chunkSize; i++) block[i] = (i * 2654435761) >>> 24;
  return new Readable({
    highWaterMark: chunkSize,
    read() {
      if (produced >= size) {
        this.push(null);
        return;
      }
      const length = Math.min(chunkSize, size - produced);
      const chunk = Buffer.from(block.subarray(0, length));
      // Marks each chunk with its number, so that parts differ; a tail shorter than the mark keeps the pattern.
      if (length >= 4) chunk.writeUInt32LE(counter++, 0);
      produced += length;
      this.push(chunk);
    },
  });
}

/** Streams that end in an error midway, as a broken upstream would. */
export function failingStream(bytesBeforeFailure: number): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(Buffer.alloc(bytesBeforeFailure, 7));
      } else this.destroy(new Error('upstream broke'));
    },
  });
}
