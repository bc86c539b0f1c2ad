import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  BlobNotFoundError,
  type BlobBody,
  type BlobHead,
  type BlobStore,
  type PutResult,
} from '../blob-store';
import { BodyDigest, bodyChunks } from '../body-chunks';
import { assertBlobKey } from '../keys/blob-key';

/** Where bodies are written before they are renamed under their key; no key can start with '.'. */
const PARTIAL_DIR = '.partial';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Blobs as files under one root directory, a key being the file's relative path.
 *
 * Each put writes a fresh temporary file inside the root, then renames it onto
 * the key's path. rename(2) on one filesystem is atomic, so a process that dies
 * mid-write leaves at most a stray file under `.partial/`, never a truncated
 * blob under a key, and concurrent puts of one key each land whole. (The file
 * is not fsynced: surviving a power cut would cost a disk flush per blob.)
 */
export class FsBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  async put(key: string, body: BlobBody): Promise<PutResult> {
    const target = this.pathOf(key);
    const partial = join(this.root, PARTIAL_DIR, randomBytes(12).toString('hex'));
    try {
      const digest = await writeFile(await inDirectory(partial, () => open(partial, 'wx')), body);
      await inDirectory(target, () => rename(partial, target));
      return digest;
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const handle = await open(this.pathOf(key), 'r');
      // A key that is only the parent of other keys is a directory here, not a blob.
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        throw new BlobNotFoundError(key);
      }
      return handle.createReadStream();
    } catch (error) {
      if (isMissing(error)) throw new BlobNotFoundError(key);
      throw error;
    }
  }

  async head(key: string): Promise<BlobHead | null> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { size: info.size } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async close(): Promise<void> {
    // Nothing is held open between calls.
  }

  private pathOf(key: string): string {
    assertBlobKey(key);
    return join(this.root, key);
  }
}

/**
 * `io` on `path`, creating the directory it is in only when that is missing:
 * two recursive mkdirs per put cost more CPU than writing a small blob.
 */
async function inDirectory<T>(path: string, io: () => Promise<T>): Promise<T> {
  try {
    return await io();
  } catch (error) {
    if (!isMissing(error)) throw error;
    await mkdir(dirname(path), { recursive: true });
    return io();
  }
}

async function writeFile(handle: FileHandle, body: BlobBody): Promise<PutResult> {
  const digest = new BodyDigest();
  try {
    for await (const chunk of bodyChunks(body)) {
      digest.update(chunk);
      await writeAll(handle, chunk);
    }
  } finally {
    await handle.close();
  }
  return digest.result();
}

/** A write may take fewer bytes than offered; carry on until the chunk is out. */
async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let offset = 0; offset < chunk.byteLength;) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}
