// Preloaded into the consumer by large-attachment.int.spec.ts (`node --expose-gc -r memory-probe.js`):
// samples what the process holds — Buffer memory right after a full GC — and its RSS (with the part of
// it that is malloc's main heap, where RSS growth showed up), and writes the figures to MEMORY_PROBE_FILE
// after every sample. SIGUSR2 restarts the peaks from the current values.
// Plain JavaScript: it is loaded before the TypeScript loader.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');

const file = process.env.MEMORY_PROBE_FILE;
let resets = 0;
let peakBuffers = 0;
let peakRss = 0;
let baseBuffers = 0;
let baseRss = 0;
let baseMallocHeap = 0;
let peakMallocHeap = 0;

/** Resident bytes of the `[heap]` mapping: glibc malloc's main arena. */
function mallocHeap() {
  const lines = readFileSync('/proc/self/smaps', 'utf8').split('\n');
  const at = lines.findIndex((line) => line.endsWith(' [heap]'));
  const rss = at < 0 ? undefined : lines.slice(at + 1).find((line) => line.startsWith('Rss:'));
  return rss ? Number(/(\d+) kB/.exec(rss)?.[1] ?? 0) * 1024 : 0;
}

function live() {
  global.gc();
  return process.memoryUsage();
}

function sample() {
  const started = performance.now();
  const { arrayBuffers, rss } = live();
  peakBuffers = Math.max(peakBuffers, arrayBuffers);
  if (rss > peakRss) {
    peakRss = rss;
    peakMallocHeap = mallocHeap();
  }
  writeFileSync(file, JSON.stringify({ resets, baseBuffers, peakBuffers, baseRss, peakRss, baseMallocHeap, peakMallocHeap }));
  // At most a fifth of the time goes to sampling, however slow the GC.
  setTimeout(sample, Math.max(50, 4 * (performance.now() - started))).unref();
}

process.on('SIGUSR2', () => {
  const { arrayBuffers, rss } = live();
  baseBuffers = peakBuffers = arrayBuffers;
  baseRss = peakRss = rss;
  baseMallocHeap = peakMallocHeap = mallocHeap();
  resets += 1;
});

if (file) setTimeout(sample, 50).unref();
