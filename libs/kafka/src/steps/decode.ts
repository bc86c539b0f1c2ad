import { describeError, isInvalidMessage } from '../errors';
import type { ConsumedMessage, Decoder, KafkaHeaders } from '../types';
import type { Rejection } from './dead-letter';

export interface RawMessage {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: KafkaHeaders;
  timestamp: string;
}

export interface DecodedChunk<T> {
  valid: ConsumedMessage<T>[];
  rejected: Rejection[];
}

/**
 * Decodes every message of a chunk. Poison input becomes a rejection carrying
 * its offset (so the chunk still commits past it); any other decoder failure,
 * such as the schema registry being unreachable, propagates to be retried.
 * Synchronous decoder results are taken as they come: only messages whose
 * decoding really waits (an uncached schema) cost a promise.
 */
export async function decodeChunk<T>(
  topic: string,
  messages: readonly RawMessage[],
  decode: Decoder<T>,
): Promise<DecodedChunk<T>> {
  const results: Array<ConsumedMessage<T> | Rejection> = new Array(messages.length);
  const waiting: Promise<void>[] = [];
  messages.forEach((raw, index) => {
    const bytes = raw.value;
    if (bytes === null || bytes.length === 0) {
      results[index] = { message: metadata(topic, raw), reason: 'empty_value', detail: 'message has no value (tombstone or empty payload)' };
      return;
    }
    const settle = (value: T): void => {
      results[index] = { topic, partition: raw.partition, offset: raw.offset, key: raw.key, headers: raw.headers ?? {}, timestamp: raw.timestamp, raw: bytes, value };
    };
    const reject = (error: unknown): void => {
      results[index] = toRejection(metadata(topic, raw), error);
    };
    try {
      const value = decode(topic, bytes);
      if (value instanceof Promise) waiting.push(value.then(settle, reject));
      else settle(value);
    } catch (error) {
      reject(error);
    }
  });
  await Promise.all(waiting);
  const chunk: DecodedChunk<T> = { valid: [], rejected: [] };
  for (const result of results) {
    if ('reason' in result) chunk.rejected.push(result);
    else chunk.valid.push(result);
  }
  return chunk;
}

function metadata(topic: string, raw: RawMessage): Rejection['message'] {
  return {
    topic,
    partition: raw.partition,
    offset: raw.offset,
    key: raw.key,
    headers: raw.headers ?? {},
    raw: raw.value ?? Buffer.alloc(0),
  };
}

/** Invalid input becomes a rejection; anything else is rethrown so the batch is retried. */
function toRejection(meta: Rejection['message'], error: unknown): Rejection {
  if (!isInvalidMessage(error)) throw error;
  return { message: meta, reason: error.reason, detail: describeError(error) };
}
