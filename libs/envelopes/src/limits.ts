import { EnvelopeError } from './errors';

const KiB = 1024;
const MiB = 1024 * KiB;

export interface BucketLimit {
  /** Largest single item, bytes. */
  readonly maxItemSize?: number;
  /** Largest sum over the bucket's items, bytes. */
  readonly maxTotalSize?: number;
  /** Most items of the bucket in one envelope. */
  readonly maxCount?: number;
}

export interface EnvelopeLimits {
  readonly maxEnvelopeSize: number;
  /** Buckets by name; item types map to a bucket through `bucketOf`. */
  readonly buckets: Readonly<Record<string, BucketLimit>>;
  readonly bucketOf: Readonly<Record<string, string>>;
}

/** Relay's defaults (spec §1.5). */
export const DEFAULT_LIMITS: EnvelopeLimits = {
  maxEnvelopeSize: 200 * MiB,
  buckets: {
    event: { maxItemSize: 1 * MiB, maxCount: 1 },
    attachment: { maxItemSize: 200 * MiB, maxTotalSize: 200 * MiB, maxCount: 30 },
    session: { maxTotalSize: 10 * MiB, maxCount: 100 },
    client_report: { maxTotalSize: 100 * KiB, maxCount: 100 },
    check_in: { maxItemSize: 100 * KiB },
    profile: { maxItemSize: 50 * MiB },
    replay_recording: { maxItemSize: 10 * MiB },
    log: { maxItemSize: 2 * MiB },
    span: { maxItemSize: 10 * MiB },
  },
  bucketOf: {
    event: 'event', transaction: 'event', security: 'event', raw_security: 'event', replay_event: 'event', feedback: 'event', form_data: 'event',
    attachment: 'attachment', unreal_report: 'attachment', user_report: 'attachment',
    session: 'session', sessions: 'session',
    client_report: 'client_report',
    check_in: 'check_in',
    profile: 'profile', profile_chunk: 'profile',
    replay_recording: 'replay_recording',
    log: 'log',
    span: 'span', otel_span: 'span',
  },
};

/** The single largest event-like item (also the store endpoint's body limit). */
export const MAX_EVENT_SIZE = 1 * MiB;

const tooLarge = (type: string, what: string) =>
  new EnvelopeError(413, 'too_large', `envelope exceeded size limits for type '${type}' (${what})`);

interface Sized {
  readonly type: string;
  readonly payload: { readonly length: number };
}

/** Throws a 413 EnvelopeError when any item, bucket total or bucket count is over its limit. */
export function checkLimits(items: readonly Sized[], limits: EnvelopeLimits = DEFAULT_LIMITS): void {
  const totals = new Map<string, { size: number; count: number }>();
  for (const item of items) {
    const bucketName = limits.bucketOf[item.type];
    if (!bucketName) continue;
    const bucket = limits.buckets[bucketName] ?? {};
    const seen = totals.get(bucketName) ?? { size: 0, count: 0 };
    seen.size += item.payload.length;
    seen.count += 1;
    totals.set(bucketName, seen);
    if (bucket.maxItemSize !== undefined && item.payload.length > bucket.maxItemSize) throw tooLarge(item.type, `item of ${item.payload.length} bytes over ${bucket.maxItemSize}`);
    if (bucket.maxTotalSize !== undefined && seen.size > bucket.maxTotalSize) throw tooLarge(item.type, `items total over ${bucket.maxTotalSize} bytes`);
    if (bucket.maxCount !== undefined && seen.count > bucket.maxCount) throw tooLarge(item.type, `more than ${bucket.maxCount} such items`);
  }
}

/** Throws a 413 when the decompressed body is over the whole-envelope limit. */
checkLimits.envelopeSize = (size: number, limits: EnvelopeLimits = DEFAULT_LIMITS): void => {
  if (size > limits.maxEnvelopeSize) throw new EnvelopeError(413, 'too_large', `envelope exceeded size limits for type 'envelope' (${size} bytes over ${limits.maxEnvelopeSize})`);
};
