import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { groupLag } from '@issuestream/kafka';
import { waitFor } from '@issuestream/testing';
import { AttachmentsRun, connection, MiB, newId } from './ingest-attachments.harness';

jest.setTimeout(300000);

const CHUNK = MiB;
const LARGE = 100 * 1000 * 1000;

const probeFile = path.join(tmpdir(), `is-attachments-memory-${process.pid}.json`);
interface Probe { resets: number; baseBuffers: number; peakBuffers: number; baseRss: number; peakRss: number; baseMallocHeap: number; peakMallocHeap: number }
const probe = (): Probe => JSON.parse(readFileSync(probeFile, 'utf8')) as Probe;

/** VmHWM, the peak RSS since the last reset (writing 5 to clear_refs resets it): printed next to the sampled figures. */
const peakRss = (pid: number) => Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;

let run: AttachmentsRun;

beforeAll(async () => {
  run = new AttachmentsRun();
  await run.setUp();
  // A commit after every batch: "everything before the announcement is committed" is then observable as zero lag.
  // Buffers are freed during the GC itself, not later on a background thread: a sample right after gc() counts only live ones.
  await run.start({ MEMORY_PROBE_FILE: probeFile, KAFKA_COMMIT_INTERVAL_MS: '0' }, [
    '--expose-gc', '--no-concurrent-array-buffer-sweeping', '-r', path.join(__dirname, 'memory-probe.js'),
  ]);
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

/** Every message sent so far is processed and committed: nothing but what is sent next is fetched. */
const allCommitted = () =>
  waitFor(async () => (await groupLag(connection, run.groupId, run.topic)).every((p) => p.lag === 0) || undefined, {
    timeoutMs: 120000, intervalMs: 250, description: 'the consumer committing every chunk',
  });

/** An attachment of `size` bytes through the consumer: chunks stored, then the announcement that assembles them. */
async function ingestLarge(size: number, beforeAnnouncing: () => Promise<void> = async () => undefined) {
  const eventId = newId();
  const id = randomUUID();
  const sha1 = await sendChunks(eventId, id, size);
  await allCommitted();
  await beforeAnnouncing();
  await announce(eventId, id, size);
  const [row] = await run.waitForRows(eventId, 1);
  return { row, sha1 };
}

describe('a 100 MB attachment', () => {
  it('streams through, chunks to blob, holding less than two chunks of its bytes at a time', async () => {
    const pid = run.app!.child.pid!;
    // Warm-up: an attachment of the same size takes the same path first, so the young generation, the allocator's
    // arenas and the clients' buffers are at their working size; what the second one adds is what it keeps.
    await ingestLarge(LARGE);

    const { row, sha1 } = await ingestLarge(LARGE, async () => {
      const resets = probe().resets;
      process.kill(pid, 'SIGUSR2');
      await waitFor(() => probe().resets > resets, { description: 'the memory probe reset' });
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const figures = probe();
    const mib = (bytes: number) => (bytes / MiB).toFixed(2);
    const buffers = figures.peakBuffers - figures.baseBuffers;
    const rss = figures.peakRss - figures.baseRss;
    console.log(
      `100 MB attachment: RSS after GC ${mib(rss)} MiB above ${mib(figures.baseRss)} ` +
        `(of which malloc's main heap ${mib(figures.peakMallocHeap - figures.baseMallocHeap)} MiB above ${mib(figures.baseMallocHeap)}), ` +
        `peak RSS (VmHWM, garbage included) ${mib(peakRss(pid) - figures.baseRss)} MiB above it, Buffers held ${mib(buffers)} MiB above ${mib(figures.baseBuffers)} (bound ${mib(2 * CHUNK)})`,
    );

    expect(row).toMatchObject({ size: LARGE, sha1 });
    // The bytes the process holds for the attachment (Buffers, sampled after full GCs) stay under two chunks: it is
    // streamed, never held whole or twice. RSS is printed, not asserted: after this warm-up, with nothing else fetched,
    // it still grew 0-22 MiB across runs under load, all of it in malloc's main heap ([heap]; V8's spaces did not
    // grow): the garbage between two GCs (socket reads, Redis replies, 256 KiB pieces) is served from there, and
    // pages it freed stay resident unless they end up at the top of the heap. Fixed MALLOC_MMAP_THRESHOLD_ and
    // MALLOC_TRIM_THRESHOLD_ (128 KiB) made the heap smaller but the growth was still 0-7.4 MiB in six runs.
    expect(buffers).toBeLessThan(2 * CHUNK);
  });
});
