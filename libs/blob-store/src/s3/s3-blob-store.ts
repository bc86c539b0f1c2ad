import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import {
  BlobNotFoundError,
  type BlobBody,
  type BlobHead,
  type BlobStore,
  type PutResult,
} from '../blob-store';
import { BodyDigest, bodyChunks } from '../body-chunks';
import { assertBlobKey } from '../keys/blob-key';
import { PartBuffer } from './part-buffer';

/** S3's floor for every part but the last. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

export interface S3BlobStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Prepended to every key with a '/', e.g. `issuestream/prod`; empty for none. */
  readonly prefix: string;
  /** Bytes per multipart part, and the most a put holds in memory. */
  readonly partSize: number;
}

const isNotFound = (error: unknown): boolean => {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    failure.name === 'NoSuchKey' ||
    failure.name === 'NotFound' ||
    failure.$metadata?.httpStatusCode === 404
  );
};

/**
 * Blobs as objects in one bucket of an S3-compatible store (AWS, MinIO,
 * S3Mock, …).
 *
 * A put reads its body into one reusable part buffer. A body that fits in one
 * part is a single PutObject; a larger one becomes a multipart upload whose
 * parts go up one at a time while the source waits, so memory stays at one
 * part whatever the blob's size. An object only appears under its key when
 * CompleteMultipartUpload succeeds; a failed put aborts the upload so no
 * parts linger (a crash still can: a bucket lifecycle rule for incomplete
 * multipart uploads cleans those).
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;

  constructor(options: S3BlobStoreOptions) {
    if (options.partSize < MIN_PART_SIZE)
      throw new RangeError(
        `partSize must be at least ${MIN_PART_SIZE} bytes (S3's minimum part size)`,
      );
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = options.prefix.replace(/^\/+|\/+$/g, '');
    this.partSize = options.partSize;
  }

  async put(key: string, body: BlobBody): Promise<PutResult> {
    const objectKey = this.objectKey(key);
    const digest = new BodyDigest();
    const part = new PartBuffer(this.partSize);
    let upload: MultipartUpload | undefined;
    try {
      for await (const chunk of bodyChunks(body)) {
        digest.update(chunk);
        for (let rest = chunk; rest.byteLength > 0;) {
          // A full part is sent only once more bytes follow, so a body of
          // exactly one part stays a single PutObject.
          if (part.full) {
            upload ??= await MultipartUpload.start(this.client, this.bucket, objectKey);
            await upload.send(part.bytes());
            part.clear();
          }
          rest = part.fill(rest);
        }
      }
      if (upload) {
        await upload.send(part.bytes());
        await upload.complete();
      } else {
        await this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: objectKey, Body: part.bytes() }),
        );
      }
    } catch (error) {
      await upload?.abort();
      throw error;
    }
    return digest.result();
  }

  async get(key: string): Promise<Readable> {
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      if (!(response.Body instanceof Readable))
        throw new TypeError('the S3 client returned a body that is not a Node.js stream');
      return response.Body;
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(key);
      throw error;
    }
  }

  async head(key: string): Promise<BlobHead | null> {
    try {
      const response = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      return { size: response.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    // S3 answers 204 whether or not the object existed.
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
    );
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    assertBlobKey(key);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }
}

/** One multipart upload in progress; parts are numbered in the order they are sent. */
class MultipartUpload {
  private readonly parts: CompletedPart[] = [];

  private constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly key: string,
    private readonly uploadId: string,
  ) {}

  static async start(client: S3Client, bucket: string, key: string): Promise<MultipartUpload> {
    const response = await client.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }),
    );
    if (!response.UploadId)
      throw new Error(`CreateMultipartUpload for "${key}" returned no UploadId`);
    return new MultipartUpload(client, bucket, key, response.UploadId);
  }

  async send(bytes: Uint8Array): Promise<void> {
    if (bytes.byteLength === 0) return;
    const PartNumber = this.parts.length + 1;
    const response = await this.client.send(
      new UploadPartCommand({
        Bucket: this.bucket,
        Key: this.key,
        UploadId: this.uploadId,
        PartNumber,
        Body: bytes,
      }),
    );
    this.parts.push({ PartNumber, ETag: response.ETag });
  }

  async complete(): Promise<void> {
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: this.key,
        UploadId: this.uploadId,
        MultipartUpload: { Parts: this.parts },
      }),
    );
  }

  /** Best effort: the put already failed, and that error is the one worth reporting. */
  async abort(): Promise<void> {
    await this.client
      .send(
        new AbortMultipartUploadCommand({
          Bucket: this.bucket,
          Key: this.key,
          UploadId: this.uploadId,
        }),
      )
      .catch(() => undefined);
  }
}
