import type { Redis } from 'ioredis';
import { encodeMember, firstSeenKey, lastSeenKey } from './keys';
import { heartbeatEntries, heartbeatFlushes } from './metrics';
import type { HeartbeatSighting, SdkIdentity } from './sdk-identity';
import type { HeartbeatSignal } from './signals';

export interface HeartbeatRecorderOptions {
  /** How often coalesced sightings go to Redis. */
  readonly flushIntervalMs: number;
  /** Last-seen entries older than this are dropped, and an idle project's key expires after it. */
  readonly retentionMs: number;
  /** Distinct pending entries that trigger a flush before the interval is up (bounds memory). */
  readonly maxPendingEntries?: number;
  readonly onFlushError?: (error: unknown) => void;
  readonly now?: () => number;
}

interface ProjectPending {
  /** encoded member → latest epoch ms */
  readonly lastSeen: Map<string, number>;
  /** signal → earliest epoch ms in this interval */
  readonly firstSeen: Map<HeartbeatSignal, number>;
}

/**
 * Records heartbeats without touching Redis on the request path: `record`
 * only updates an in-memory map (a burst of envelopes from one SDK collapses
 * to one entry), and a timer writes everything in one pipeline per interval.
 * `ZADD GT` keeps the latest time when several relays write the same entry,
 * `ZADD LT` the earliest first-seen. Heartbeats are advisory, so a failed
 * flush is counted and dropped rather than retried.
 */
export class HeartbeatRecorder {
  private pending = new Map<number, ProjectPending>();
  private pendingEntries = 0;
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly maxPending: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: HeartbeatRecorderOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.maxPending = options.maxPendingEntries ?? 10_000;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  record(projectId: number, sdk: SdkIdentity, sightings: readonly HeartbeatSighting[]): void {
    const at = this.now();
    let project = this.pending.get(projectId);
    if (!project) {
      project = { lastSeen: new Map(), firstSeen: new Map() };
      this.pending.set(projectId, project);
    }
    for (const { signal, environment } of sightings) {
      const member = encodeMember({ signal, sdkName: sdk.name, sdkVersion: sdk.version, environment });
      if (!project.lastSeen.has(member)) this.pendingEntries += 1;
      project.lastSeen.set(member, at);
      if (!project.firstSeen.has(signal)) project.firstSeen.set(signal, at);
    }
    if (this.pendingEntries >= this.maxPending) void this.flush();
  }

  /** Writes what is pending; flushes never overlap (a call during one waits for it, then writes what came since). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    const entries = this.pendingEntries;
    this.pending = new Map();
    this.pendingEntries = 0;
    const now = this.now();
    const pipeline = this.redis.pipeline();
    for (const [projectId, { lastSeen, firstSeen }] of batch) {
      const last = lastSeenKey(projectId);
      pipeline.zadd(last, 'GT', ...[...lastSeen].flatMap(([member, at]) => [at, member]));
      pipeline.zremrangebyscore(last, '-inf', now - this.options.retentionMs);
      pipeline.pexpire(last, this.options.retentionMs);
      pipeline.zadd(firstSeenKey(projectId), 'LT', ...[...firstSeen].flatMap(([signal, at]) => [at, signal]));
    }
    try {
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed) throw failed[0];
      heartbeatFlushes.inc({ result: 'ok' });
      heartbeatEntries.inc(entries);
    } catch (error) {
      heartbeatFlushes.inc({ result: 'failed' });
      this.options.onFlushError?.(error);
    }
  }
}
