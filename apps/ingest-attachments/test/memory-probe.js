// Preloaded into the consumer by large-attachment.int.spec.ts (`node --expose-gc -r memory-probe.js`):
// samples what the process holds — Buffer memory right after a full GC — and its RSS, and writes the
// figures to MEMORY_PROBE_FILE after every sample. SIGUSR2 restarts the peaks from the current values.
// Plain JavaScript: it is loaded before the TypeScript loader.
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.MEMORY_PROBE_FILE;
let resets = 0;
let peakBuffers = 0;
let peakRss = 0;
let baseBuffers = 0;
let baseRss = 0;

function live() {
  global.gc();
  return process.memoryUsage();
}

function sample() {
  const started = performance.now();
  const { arrayBuffers, rss } = live();
  peakBuffers = Math.max(peakBuffers, arrayBuffers);
  peakRss = Math.max(peakRss, rss);
  writeFileSync(file, JSON.stringify({ resets, baseBuffers, peakBuffers, baseRss, peakRss }));
  // At most a fifth of the time goes to sampling, however slow the GC.
  setTimeout(sample, Math.max(50, 4 * (performance.now() - started))).unref();
}

process.on('SIGUSR2', () => {
  const { arrayBuffers, rss } = live();
  baseBuffers = peakBuffers = arrayBuffers;
  baseRss = peakRss = rss;
  resets += 1;
});

if (file) setTimeout(sample, 50).unref();
