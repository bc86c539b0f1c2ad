import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import type { ConnectionOptions } from './config';
import { createKafka } from './kafka-client';
import { createProducer } from './producer';
import { deadLetterTopic } from './steps/dead-letter';
import type { KafkaHeaderValue, OutgoingMessage } from './types';

export interface ReplayOptions {
  /** The source topic; its dead letters are read from `<topic>-dlq`. */
  topic: string;
  /** Replay only dead letters whose `x-dlq-reason` is one of these; empty replays every reason. */
  reasons?: readonly string[];
  /** Replay at most this many (after filtering). */
  limit?: number;
  /** Read and count, produce nothing. */
  dryRun?: boolean;
  /** Called after every produced chunk (and once at the end) with the counts so far. */
  onProgress?: (progress: ReplayProgress) => void;
}

export interface ReplayProgress {
  /** Dead letters in the topic when the replay started (the replay stops there). */
  total: number;
  read: number;
  /** Matched the filter and were (or, in a dry run, would be) re-produced. */
  replayed: number;
  /** Read but left alone: another reason, or past the limit. */
  skipped: number;
  /** Replayed (or matching) count per reason. */
  byReason: Record<string, number>;
}

const DLQ_HEADER_PREFIX = 'x-dlq-';

/** The dead-letter topic does not exist: a misspelt topic, or one that never dead-lettered. */
export class UnknownTopicError extends Error {
  override readonly name = 'UnknownTopicError';
  constructor(readonly topic: string) {
    super(`no topic ${topic} on the cluster`);
  }
}
const PRODUCE_CHUNK = 500;

/**
 * Re-produces dead letters to the topic they came from (`x-dlq-source-topic`,
 * else `topic`): the original key, value and headers, without the `x-dlq-*`
 * ones. It reads up to the end offsets taken at the start, so dead letters a
 * replay causes (a message that fails again) are not read again in the same
 * run, and it commits nothing: the DLQ keeps every message, and running it
 * twice replays twice (the consumers are idempotent, so that is harmless).
 * Keys decide the partitions as they did for the original producer.
 */
export async function replayDeadLetters(connection: ConnectionOptions, options: ReplayOptions): Promise<ReplayProgress> {
  const dlq = deadLetterTopic(options.topic);
  const ends = await endOffsets(connection, dlq);
  const progress: ReplayProgress = { total: [...ends.values()].reduce((sum, end) => sum + Number(end.end - end.start), 0), read: 0, replayed: 0, skipped: 0, byReason: {} };
  const pendingPartitions = new Set([...ends].filter(([, { start, end }]) => end > start).map(([partition]) => partition));
  if (pendingPartitions.size === 0) {
    options.onProgress?.(progress);
    return progress;
  }
  const wanted = new Set(options.reasons ?? []);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const producer = options.dryRun ? undefined : await createProducer(connection);
  const consumer = createKafka(connection).consumer({ groupId: `dlq-replay-${randomUUID()}`, maxWaitTimeInMs: 200 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [dlq], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const end = ends.get(batch.partition)?.end ?? 0n;
            const outgoing = new Map<string, OutgoingMessage[]>();
            for (const message of batch.messages) {
              if (BigInt(message.offset) >= end) break;
              progress.read++;
              const reason = headerText(message, 'x-dlq-reason') ?? '';
              if ((wanted.size > 0 && !wanted.has(reason)) || progress.replayed >= limit) {
                progress.skipped++;
                continue;
              }
              progress.replayed++;
              progress.byReason[reason] = (progress.byReason[reason] ?? 0) + 1;
              const source = headerText(message, 'x-dlq-source-topic') || options.topic;
              outgoing.set(source, [...(outgoing.get(source) ?? []), original(message)]);
            }
            for (const [source, messages] of outgoing) {
              for (let at = 0; at < messages.length; at += PRODUCE_CHUNK) await producer?.send(source, messages.slice(at, at + PRODUCE_CHUNK));
            }
            options.onProgress?.({ ...progress, byReason: { ...progress.byReason } });
            const last = batch.messages[batch.messages.length - 1];
            if (!last || BigInt(last.offset) + 1n >= end) pendingPartitions.delete(batch.partition);
            if (pendingPartitions.size === 0) resolve();
          },
        })
        .catch(reject);
    });
    return progress;
  } finally {
    await consumer.disconnect();
    await producer?.disconnect();
  }
}

/** Start and end offsets per partition of the DLQ, as they are now. */
async function endOffsets(connection: ConnectionOptions, topic: string): Promise<Map<number, { start: bigint; end: bigint }>> {
  const admin = createKafka(connection).admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) throw new UnknownTopicError(topic);
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map(({ partition, low, high }) => [partition, { start: BigInt(low), end: BigInt(high) }]));
  } finally {
    await admin.disconnect();
  }
}

function headerText(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.toString();
}

/** The message as its producer sent it: the dead-letter headers removed. */
function original(message: KafkaMessage): OutgoingMessage {
  const headers: Record<string, KafkaHeaderValue> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && !name.startsWith(DLQ_HEADER_PREFIX)) headers[name] = first;
  }
  return { key: message.key, value: message.value ?? Buffer.alloc(0), headers };
}
