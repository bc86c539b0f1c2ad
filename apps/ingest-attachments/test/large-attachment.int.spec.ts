import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '@issuestream/testing';
import { AttachmentsRun, MiB, newId } from './ingest-attachments.harness';

jest.setTimeout(300000);

const CHUNK = MiB;
const LARGE = 100 * 1000 * 1000;

const probeFile = path.join(tmpdir(), `is-attachments-memory-${process.pid}.json`);
interface Probe { resets: number; baseBuffers: number; peakBuffers: number; baseRss: number; peakRss: number }
const probe = (): Probe => JSON.parse(readFileSync(probeFile, 'utf8')) as Probe;

/** VmHWM, the peak RSS since the last reset (writing 5 to clear_refs resets it): printed next to the sampled figures. */
const peakRss = (pid: number) => Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;

let run: AttachmentsRun;

beforeAll(async () => {
  run = new AttachmentsRun();
  await run.setUp();
  await run.start({ MEMORY_PROBE_FILE: probeFile }, ['--expose-gc', '-r', path.join(__dirname, 'memory-probe.js')]);
});

afterAll(async () => {
  await run?.tearDown();
});

/** Sends the chunks of an attachment of `size` random bytes as Relay does (1 MiB each), a few at a time; returns its SHA-1. */
async function sendChunks(eventId: string, id: string, size: number): Promise<string> {
  const hash = createHash('sha1');
  const count = Math.ceil(size / CHUNK);
  for (let index = 0; index < count; index += 4) {
    const chunks = [];
    for (let i = index; i < Math.min(count, index + 4); i += 1) {
      const payload = randomBytes(Math.min(CHUNK, size - i * CHUNK));
      hash.update(payload);
      chunks.push(run.chunk(eventId, id, i, payload));
    }
    await run.send(eventId, chunks);
  }
  return hash.digest('hex');
}

const announce = (eventId: string, id: string, size: number) =>
  run.send(eventId, [run.attachment(eventId, { id, name: 'large.bin', attachment_type: 'event.attachment', size, chunks: Math.ceil(size / CHUNK) })]);

const chunksStored = () => run.metric('issuestream_attachment_chunks_total');

describe('a 100 MB attachment', () => {
  it("streams through, chunks to blob, holding less than two chunks of its bytes at a time", async () => {
    const pid = run.app!.child.pid!;
    // Warm-up: a 16 MiB attachment takes the same path, so the figures below are what the size adds.
    const warmUp = newId();
    const warmUpId = randomUUID();
    await sendChunks(warmUp, warmUpId, 16 * CHUNK);
    await announce(warmUp, warmUpId, 16 * CHUNK);
    await run.waitForRows(warmUp, 1);

    const eventId = newId();
    const id = randomUUID();
    const stored = await chunksStored();
    const sha1 = await sendChunks(eventId, id, LARGE);
    await waitFor(async () => (await chunksStored()) >= stored + Math.ceil(LARGE / CHUNK), { timeoutMs: 120000, description: 'the chunks in Redis' });
    const resets = probe().resets;
    process.kill(pid, 'SIGUSR2');
    await waitFor(() => probe().resets > resets, { description: 'the memory probe reset' });
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    await announce(eventId, id, LARGE);
    const [row] = await run.waitForRows(eventId, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const figures = probe();
    const mib = (bytes: number) => (bytes / MiB).toFixed(2);
    const buffers = figures.peakBuffers - figures.baseBuffers;
    const rss = figures.peakRss - figures.baseRss;
    console.log(
      `100 MB attachment: RSS after GC ${mib(rss)} MiB above ${mib(figures.baseRss)}, ` +
        `peak RSS (VmHWM, garbage included) ${mib(peakRss(pid) - figures.baseRss)} MiB above it, Buffers held ${mib(buffers)} MiB above ${mib(figures.baseBuffers)} (bound ${mib(2 * CHUNK)})`,
    );

    expect(row).toMatchObject({ size: LARGE, sha1 });
    // The bytes the process holds for the attachment (Buffers, sampled after full GCs) stay under two chunks: it is
    // streamed, never held whole or twice. RSS is printed, not asserted: it grew 0 MiB in most runs but 22 MiB in one
    // on a fresh machine (the allocator and V8 keeping pages), which says nothing about what the consumer holds.
    expect(buffers).toBeLessThan(2 * CHUNK);
  });
});
