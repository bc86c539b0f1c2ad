// bench/blob-store: put and get throughput of both blob store backends, with
// the attachment sizes of bench/attachments (2,000 × 256 KiB and 50 × 4 MiB,
// 8 puts in flight) plus one 100 MiB stream. The filesystem runs in a temp dir
// (BENCH_BLOB_DIR to pick the disk); S3 runs against the stack's S3Mock
// (TEST_S3_ENDPOINT, default http://127.0.0.1:9190), or is skipped with a
// note when nothing answers there. Prints MB/s and blobs/s per case.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  createBlobStore,
  DEFAULT_S3_BUCKET,
  DEFAULT_S3_PART_SIZE,
  type BlobStore,
} from '@issuestream/blob-store';

const KiB = 1024;
const MiB = 1024 * KiB;
const CONCURRENCY = 8;
const env = process.env;
const s3Endpoint = env['TEST_S3_ENDPOINT'] ?? 'http://127.0.0.1:9190';

interface Case {
  readonly name: string;
  readonly count: number;
  readonly size: number;
}
const CASES: readonly Case[] = [
  { name: '256 KiB', count: 2_000, size: 256 * KiB },
  { name: '4 MiB', count: 50, size: 4 * MiB },
  { name: '100 MiB stream', count: 1, size: 100 * MiB },
];

/** Runs `count` jobs with at most CONCURRENCY at once. */
async function inParallel(count: number, job: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
}

/** The body of one put: a shared Buffer, or for a single large blob a stream of 64 KiB chunks. */
function body(size: number, template: Buffer): Buffer | Readable {
  if (size <= template.length) return template.subarray(0, size);
  let sent = 0;
  return new Readable({
    read() {
      const length = Math.min(64 * KiB, size - sent);
      sent += length;
      this.push(length > 0 ? Buffer.from(template.subarray(0, length)) : null);
    },
  });
}

async function drain(stream: Readable): Promise<void> {
  for await (const chunk of stream) void chunk;
}

function report(backend: string, c: Case, phase: string, ms: number): void {
  const bytes = c.count * c.size;
  console.log(
    `${backend.padEnd(10)} ${c.name.padEnd(14)} ${phase}: ${(bytes / 1e6 / (ms / 1e3)).toFixed(0).padStart(5)} MB/s, ` +
      `${((c.count * 1e3) / ms).toFixed(0).padStart(6)} blobs/s (${c.count} × ${c.size / KiB} KiB in ${ms.toFixed(0)} ms)`,
  );
}

async function run(backend: string, store: BlobStore): Promise<void> {
  const template = randomBytes(4 * MiB);
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  for (const c of CASES) {
    const key = (i: number) => `${prefix}/${c.size}/${i}`;
    let t0 = performance.now();
    await inParallel(c.count, async (i) => void (await store.put(key(i), body(c.size, template))));
    report(backend, c, 'put', performance.now() - t0);
    t0 = performance.now();
    await inParallel(c.count, async (i) => drain(await store.get(key(i))));
    report(backend, c, 'get', performance.now() - t0);
    await inParallel(c.count, (i) => store.delete(key(i)));
  }
  await store.close();
}

async function s3Answers(): Promise<boolean> {
  return fetch(`${s3Endpoint}/${DEFAULT_S3_BUCKET}`, {
    method: 'HEAD',
    signal: AbortSignal.timeout(3000),
  }).then(
    (res) => res.status === 200,
    () => false,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(env['BENCH_BLOB_DIR'] ?? tmpdir(), 'bench-blobs-'));
  try {
    await run('fs', createBlobStore({ backend: 'fs', path: dir }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!(await s3Answers())) {
    console.log(
      `s3: skipped, no bucket ${DEFAULT_S3_BUCKET} at ${s3Endpoint} (npm run stack -- up starts S3Mock)`,
    );
    return;
  }
  await run(
    's3mock',
    createBlobStore({
      backend: 's3',
      bucket: DEFAULT_S3_BUCKET,
      prefix: '',
      endpoint: s3Endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      partSize: DEFAULT_S3_PART_SIZE,
      credentials: { accessKeyId: 'issuestream', secretAccessKey: 'issuestream-local' },
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
