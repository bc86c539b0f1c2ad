import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

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
