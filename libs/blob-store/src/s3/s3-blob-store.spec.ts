import {
  DeleteObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { BlobNotFoundError } from '../blob-store';
import { createBlobStore } from '../create-blob-store';
import { DEFAULT_S3_BUCKET } from '../config/blob-store-config';
import { describeBlobStoreContract } from '../testing/blob-store-contract';
import { measureMemory } from '../testing/measure-memory';
import { digestOf, failingStream, generatedStream } from '../testing/test-streams';
import { MIN_PART_SIZE, S3BlobStore } from './s3-blob-store';

// The local stack's S3Mock (deploy/local/s3mock.mjs) or docker-compose's MinIO
// on the same port; CI may point elsewhere. S3Mock accepts any credentials,
// these are MinIO's in docker-compose.yml.
const endpoint = process.env['TEST_S3_ENDPOINT'] ?? 'http://127.0.0.1:9190';
const bucket = process.env['TEST_S3_BUCKET'] ?? DEFAULT_S3_BUCKET;
const credentials = {
  accessKeyId: process.env['TEST_S3_ACCESS_KEY_ID'] ?? 'issuestream',
  secretAccessKey: process.env['TEST_S3_SECRET_ACCESS_KEY'] ?? 'issuestream-local',
};
const MiB = 1024 * 1024;
const SLACK = 8 * MiB;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
// One prefix per run: concurrent runs and earlier runs never see each other's objects.
const runPrefix = `test-${randomBytes(6).toString('hex')}`;

const client = () =>
  new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

/** Fails the suite with what to do, rather than letting every test time out. */
async function requireBucket(): Promise<void> {
  const s3 = client();
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }), {
      abortSignal: AbortSignal.timeout(5000),
    });
  } catch (error) {
    throw new Error(
      `No S3 API with bucket "${bucket}" at ${endpoint} (TEST_S3_ENDPOINT, TEST_S3_BUCKET): ${String(error)}. ` +
        'Start the local stack (`npm run stack -- up` starts S3Mock) or point the variables at another S3 server.',
    );
  } finally {
    s3.destroy();
  }
}

let store: S3BlobStore;

beforeAll(async () => {
  await requireBucket();
  store = new S3BlobStore({ client: client(), bucket, prefix: runPrefix, partSize: MIN_PART_SIZE });
});
afterAll(async () => {
  await deleteUnder(runPrefix);
  await store?.close();
});

/** Leaves the shared bucket as it was found: every object this run wrote goes. */
async function deleteUnder(prefix: string): Promise<void> {
  const s3 = client();
  try {
    for (;;) {
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/` }),
      );
      const keys = (listed.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : []));
      if (keys.length === 0) return;
      await Promise.all(
        keys.map((Key) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }))),
      );
    }
  } finally {
    s3.destroy();
  }
}

describeBlobStoreContract('S3BlobStore', {
  store: () => store,
  unique: () => `t-${randomBytes(6).toString('hex')}`,
});

describe('S3BlobStore against S3Mock', () => {
  it('is what createBlobStore builds from an s3 config, and keys land under the prefix', async () => {
    const configured = createBlobStore({
      backend: 's3',
      bucket,
      prefix: `${runPrefix}/configured/`,
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      partSize: MIN_PART_SIZE,
      credentials,
    });
    try {
      await configured.put('k', Buffer.from('via config'));
      expect(await store.head('configured/k')).toEqual({ size: 10 });
    } finally {
      await configured.close();
    }
  });

  it('sends a body of exactly one part as one PutObject, and one byte more as two parts', async () => {
    const s3 = client();
    // A multipart object's ETag ends in -<part count>; a plain one has no dash.
    const etag = async (key: string) =>
      (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `${runPrefix}/${key}` }))).ETag;
    try {
      await store.put('boundary/exact', generatedStream(MIN_PART_SIZE));
      await store.put('boundary/over', generatedStream(MIN_PART_SIZE + 1));
      expect(await etag('boundary/exact')).not.toMatch(/-\d+"?$/);
      expect(await etag('boundary/over')).toMatch(/-2"?$/);
      expect(await store.head('boundary/over')).toEqual({ size: MIN_PART_SIZE + 1 });
    } finally {
      s3.destroy();
    }
  });

  it('uploads a body of several parts as a multipart upload, byte for byte', async () => {
    const size = 2 * MIN_PART_SIZE + 12345;
    const put = await store.put('multi/parts', generatedStream(size, 100_000));
    expect(put.size).toBe(size);
    expect(await store.head('multi/parts')).toEqual({ size });
    expect(await digestOf(await store.get('multi/parts'))).toEqual(put);
  });

  it('aborts the multipart upload when the body fails after the first part', async () => {
    const s3 = client();
    try {
      await expect(store.put('multi/broken', failingStream(MIN_PART_SIZE + 1))).rejects.toThrow(
        'upstream broke',
      );
      await expect(store.get('multi/broken')).rejects.toThrow(BlobNotFoundError);
      const uploads = await s3.send(
        new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: `${runPrefix}/multi/broken` }),
      );
      expect(uploads.Uploads ?? []).toEqual([]);
    } finally {
      s3.destroy();
    }
  });

  it('streams a 100 MB blob in and out holding at most one part', async () => {
    const size = 100 * MiB;
    const put = await measureMemory(() => store.put('large/100mb', generatedStream(size)));
    const get = await measureMemory(async () => digestOf(await store.get('large/100mb')));
    console.log(
      `S3 100 MB, part size ${mib(MIN_PART_SIZE)}: put Buffers ${mib(put.peakBufferGrowth)} (RSS +${mib(put.peakRssGrowth)}), ` +
        `get Buffers ${mib(get.peakBufferGrowth)} (RSS +${mib(get.peakRssGrowth)})`,
    );
    expect(put.result.size).toBe(size);
    expect(get.result).toEqual(put.result);
    expect(await store.head('large/100mb')).toEqual({ size });
    // Buffers live after a full GC (see measureMemory), so the bound does not
    // depend on GC timing, as RSS does. Measured: 4-6 MiB for the put (its one
    // part), under 1 MiB for the get. A body held whole would be 100 MiB.
    expect(put.peakBufferGrowth).toBeLessThan(2 * MIN_PART_SIZE + SLACK);
    expect(get.peakBufferGrowth).toBeLessThan(2 * MIN_PART_SIZE + SLACK);
  });
});
