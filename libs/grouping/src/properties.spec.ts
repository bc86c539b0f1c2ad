import type { ErrorEvent, Frame } from './event';
import { groupEvent } from './grouping';

// Seeded so that a failure is reproducible; each property runs many cases.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const int = (rng: Rng, max: number): number => 1 + Math.floor(rng() * max);

const PLATFORMS = ['python', 'java', 'node'] as const;
const APP_MODULES = ['shop.orders', 'shop.cart', 'shop.payments', 'shop.users'];
const APP_FUNCTIONS = ['create', 'validate', 'charge', 'load', 'save', 'render'];
const LIB_MODULES = ['django.core', 'requests.api', 'urllib3.pool', 'celery.app'];
const LIB_FUNCTIONS = ['dispatch', 'send', 'urlopen', 'run'];
const TYPES = ['ValueError', 'KeyError', 'TimeoutError'];

interface CallPath {
  platform: string;
  type: string;
  app: Array<[string, string]>;
}

// An in-app call path without two equal neighbours (those would collapse as recursion).
function callPath(rng: Rng): CallPath {
  const app: Array<[string, string]> = [];
  while (app.length < int(rng, 5)) {
    const step: [string, string] = [pick(rng, APP_MODULES), pick(rng, APP_FUNCTIONS)];
    const last = app[app.length - 1];
    if (!last || last[0] !== step[0] || last[1] !== step[1]) app.push(step);
  }
  return { platform: pick(rng, PLATFORMS), type: pick(rng, TYPES), app };
}

function uuid(rng: Rng): string {
  const hex = (length: number): string => Array.from({ length }, () => pick(rng, [...'0123456789abcdef'])).join('');
  return `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
}

interface Noise {
  linenoBase: number;
  libFrames: number;
  value: string;
}

function randomNoise(rng: Rng): Noise {
  const value = pick(rng, [
    `order ${int(rng, 99999)} failed`,
    `user ${uuid(rng)} missing`,
    `timeout after ${int(rng, 900)}ms talking to 10.0.${int(rng, 200)}.${int(rng, 200)}`,
  ]);
  return { linenoBase: int(rng, 5000), libFrames: int(rng, 4) - 1, value };
}

function eventFor(path: CallPath, noise: Noise, rng: Rng): ErrorEvent {
  const lib: Frame[] = Array.from({ length: noise.libFrames }, (_, index) => ({
    module: pick(rng, LIB_MODULES), function: pick(rng, LIB_FUNCTIONS), lineno: noise.linenoBase + index, in_app: false,
  }));
  const app: Frame[] = path.app.map(([module, fn], index) => ({ module, function: fn, lineno: noise.linenoBase + 100 * index, colno: int(rng, 80), in_app: true }));
  return { platform: path.platform, exception: { values: [{ type: path.type, value: noise.value, stacktrace: { frames: [...lib, ...app] } }] } };
}

const RUNS = 300;

describe('grouping properties', () => {
  it('groups events that differ only in line numbers, parameter values and non-in-app frames', () => {
    const rng = random(20230111);
    for (let run = 0; run < RUNS; run++) {
      const path = callPath(rng);
      const first = groupEvent(eventFor(path, randomNoise(rng), rng));
      const second = groupEvent(eventFor(path, randomNoise(rng), rng));
      expect(second.primaryHash).toBe(first.primaryHash);
    }
  });

  it('gives identical hashes when only line numbers and parameter values differ', () => {
    const rng = random(7);
    for (let run = 0; run < RUNS; run++) {
      const path = callPath(rng);
      const noise = randomNoise(rng);
      const libSeed = int(rng, 1_000_000);
      const first = groupEvent(eventFor(path, noise, random(libSeed)));
      const second = groupEvent(eventFor(path, { ...randomNoise(rng), libFrames: noise.libFrames }, random(libSeed)));
      expect(second.hashes).toEqual(first.hashes);
    }
  });

  it('groups messages that differ only in their parameters', () => {
    const rng = random(42);
    for (let run = 0; run < RUNS; run++) {
      const message = (): string => `Payment ${int(rng, 1e6)} for ${pick(rng, ['ann', 'bob'])}@example.com failed at 2024-0${int(rng, 9)}-1${int(rng, 9)}T10:0${int(rng, 9)}:00Z (took ${int(rng, 60)}.${int(rng, 9)}s)`;
      expect(groupEvent({ logentry: { formatted: message() } }).hashes).toEqual(groupEvent({ logentry: { formatted: message() } }).hashes);
    }
  });

  it('keeps different in-app call paths apart', () => {
    const rng = random(99);
    let compared = 0;
    while (compared < RUNS) {
      const a = callPath(rng);
      const b = { ...callPath(rng), platform: a.platform, type: a.type };
      if (JSON.stringify(a.app) === JSON.stringify(b.app)) continue;
      const first = groupEvent(eventFor(a, randomNoise(rng), rng));
      const second = groupEvent(eventFor(b, randomNoise(rng), rng));
      expect(second.hashes.filter((hash) => first.hashes.includes(hash))).toEqual([]);
      compared++;
    }
  });
});
