import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BlobNotFoundError, InvalidBlobKeyError, type BlobStore } from '../blob-store';

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

/**
 * What every backend must do, run against each one by its own spec.
 * `unique` returns a key prefix no other run uses.
 */
export function describeBlobStoreContract(
  name: string,
  context: { store: () => BlobStore; unique: () => string },
): void {
  describe(`${name}: the BlobStore contract`, () => {
    const key = (leaf: string) => `${context.unique()}/${leaf}`;

    it('round-trips a Buffer and reports its size and SHA-1', async () => {
      const store = context.store();
      const bytes = Buffer.from('a crash report, in bytes');
      const k = key('buffer');
      expect(await store.put(k, bytes)).toEqual({ size: bytes.length, sha1: sha1Of(bytes) });
      expect(await readAll(await store.get(k))).toEqual(bytes);
      expect(await store.head(k)).toEqual({ size: bytes.length });
    });

    it('round-trips a stream', async () => {
      const store = context.store();
      const k = key('stream');
      const put = await store.put(k, generatedStream(300_000, 10_000));
      expect(put.size).toBe(300_000);
      expect(await digestOf(await store.get(k))).toEqual(put);
    });

    it('stores an empty blob', async () => {
      const store = context.store();
      const k = key('empty');
      expect(await store.put(k, Buffer.alloc(0))).toEqual({
        size: 0,
        sha1: sha1Of(Buffer.alloc(0)),
      });
      expect(await store.head(k)).toEqual({ size: 0 });
      expect((await readAll(await store.get(k))).length).toBe(0);
    });

    it('replaces a blob put again under the same key', async () => {
      const store = context.store();
      const k = key('again');
      await store.put(k, Buffer.from('first version, longer'));
      await store.put(k, Buffer.from('second'));
      expect((await readAll(await store.get(k))).toString()).toBe('second');
    });

    it('rejects get of a missing key with BlobNotFoundError naming the key', async () => {
      const store = context.store();
      const k = key('missing');
      await expect(store.get(k)).rejects.toThrow(BlobNotFoundError);
      await expect(store.get(k)).rejects.toThrow(k);
      expect(await store.head(k)).toBeNull();
    });

    it('deletes, and deleting again or a missing key is fine', async () => {
      const store = context.store();
      const k = key('deleted');
      await store.put(k, Buffer.from('x'));
      await store.delete(k);
      expect(await store.head(k)).toBeNull();
      await expect(store.delete(k)).resolves.toBeUndefined();
      await expect(store.get(k)).rejects.toThrow(BlobNotFoundError);
    });

    it('leaves nothing under the key when the body fails midway', async () => {
      const store = context.store();
      const k = key('broken');
      await expect(store.put(k, failingStream(1000))).rejects.toThrow('upstream broke');
      expect(await store.head(k)).toBeNull();
    });

    it('rejects keys that could escape or be ambiguous, before touching storage', async () => {
      const store = context.store();
      await expect(store.put('../outside', Buffer.from('x'))).rejects.toThrow(InvalidBlobKeyError);
      await expect(store.get('a//b')).rejects.toThrow(InvalidBlobKeyError);
      await expect(store.head('/abs')).rejects.toThrow(InvalidBlobKeyError);
      await expect(store.delete('.partial/x')).rejects.toThrow(InvalidBlobKeyError);
    });
  });
}

/** V8's full collector, reachable without starting node with --expose-gc. */
function fullGc(): () => void {
  setFlagsFromString('--expose-gc');
  // Free Buffer memory during the GC itself, not later on a background
  // thread, so a sample taken right after gc() sees only live Buffers.
  setFlagsFromString('--no-concurrent-array-buffer-sweeping');
  return runInNewContext('gc') as () => void;
}

export interface MemoryFigures<T> {
  readonly result: T;
  /** Highest RSS seen above the starting RSS: what an operator sees, garbage included. */
  readonly peakRssGrowth: number;
  /**
   * Highest Buffer memory seen above the start, each sample taken right after
   * a full GC: the bytes the code under test actually holds, whenever V8
   * would have collected on its own. (Blob bytes live in Buffers; the JS heap
   * is left out because jest's own bookkeeping makes it jump by megabytes.)
   */
  readonly peakBufferGrowth: number;
}

/**
 * Runs work while sampling memory (see MemoryFigures). A full GC per sample is
 * costly on a busy machine, so the pause before the next sample is at least
 * four times the last one took: sampling never takes more than a fifth of the
 * time, however slow the GC.
 */
export async function measureMemory<T>(
  work: () => Promise<T>,
  minIntervalMs = 50,
): Promise<MemoryFigures<T>> {
  const gc = fullGc();
  const liveBuffers = () => {
    gc();
    return process.memoryUsage().arrayBuffers;
  };
  const startBuffers = liveBuffers();
  const startRss = process.memoryUsage.rss();
  let peakRss = startRss;
  let peakBuffers = startBuffers;
  let timer: NodeJS.Timeout | undefined;
  const sample = () => {
    const started = performance.now();
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    peakBuffers = Math.max(peakBuffers, liveBuffers());
    timer = setTimeout(sample, Math.max(minIntervalMs, 4 * (performance.now() - started)));
  };
  timer = setTimeout(sample, minIntervalMs);
  try {
    const result = await work();
    return {
      result,
      peakRssGrowth: peakRss - startRss,
      peakBufferGrowth: peakBuffers - startBuffers,
    };
  } finally {
    clearTimeout(timer);
  }
}
