import { redisKey } from '@issuestream/storage';
import type { Redis } from 'ioredis';

export interface AttachmentRateLimits {
  /** Attachments per project per second (`sentry.save-event-attachments.project-per-sec-limit`). */
  readonly perSecond: number;
  /** Attachments per project per 5 minutes, counted only for those the per-second limit let through. */
  readonly perFiveMinutes: number;
}

const windows = [
  { name: 'save_per_sec', seconds: 1, limit: (l: AttachmentRateLimits) => l.perSecond },
  { name: 'save_5_min', seconds: 300, limit: (l: AttachmentRateLimits) => l.perFiveMinutes },
] as const;

/**
 * The reference's per-project attachment limits as fixed-window counters in
 * Redis (`event_attachment.save_per_sec`, then `event_attachment.save_5_min`).
 * A batch asks for all its attachments at once: one INCRBY per project and
 * window, in two pipelines.
 */
export class AttachmentRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many of each project's `wanted` attachments may be stored now (the first ones in batch order). */
  async allow(wanted: ReadonlyMap<number, number>, limits: AttachmentRateLimits): Promise<Map<number, number>> {
    let allowed = new Map(wanted);
    for (const window of windows) allowed = await this.take(allowed, window.name, window.seconds, window.limit(limits));
    return allowed;
  }

  private async take(wanted: ReadonlyMap<number, number>, name: string, seconds: number, limit: number): Promise<Map<number, number>> {
    const asked = [...wanted].filter(([, count]) => count > 0);
    if (asked.length === 0) return new Map(wanted);
    const bucket = Math.floor(this.now() / 1000 / seconds);
    const pipeline = this.redis.pipeline();
    for (const [projectId, count] of asked) {
      const key = redisKey('attachment-rate', name, projectId, bucket);
      pipeline.incrby(key, count).expire(key, seconds + 1);
    }
    const results = await pipeline.exec();
    if (results === null) throw new Error('the Redis pipeline was discarded');
    const allowed = new Map(wanted);
    asked.forEach(([projectId, count], i) => {
      const [error, total] = results[i * 2] ?? [new Error('no result'), 0];
      if (error) throw error;
      const before = Number(total) - count;
      allowed.set(projectId, Math.max(0, Math.min(count, limit - before)));
    });
    return allowed;
  }
}
