import { describeError, isInvalidMessage } from '../errors';
import type { ConsumedMessage, Decoder, KafkaHeaders } from '../types';
import type { Rejection } from './dead-letter';

export interface RawMessage {
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
 */
export async function decodeChunk<T>(
  topic: string,
  partition: number,
  messages: readonly RawMessage[],
  decode: Decoder<T>,
): Promise<DecodedChunk<T>> {
  const results = await Promise.all(messages.map((m) => decodeOne(topic, partition, m, decode)));
  const chunk: DecodedChunk<T> = { valid: [], rejected: [] };
  for (const result of results) {
    if ('reason' in result) chunk.rejected.push(result);
    else chunk.valid.push(result);
  }
  return chunk;
}

async function decodeOne<T>(
  topic: string,
  partition: number,
  raw: RawMessage,
  decode: Decoder<T>,
): Promise<ConsumedMessage<T> | Rejection> {
  const meta = {
    topic,
    partition,
    offset: raw.offset,
    key: raw.key,
    headers: raw.headers ?? {},
    timestamp: raw.timestamp,
    raw: raw.value ?? Buffer.alloc(0),
  };
  if (raw.value === null || raw.value.length === 0) {
    return { message: meta, reason: 'empty_value', detail: 'message has no value (tombstone or empty payload)' };
  }
  try {
    return { ...meta, value: await decode(topic, raw.value) };
  } catch (error) {
    if (!isInvalidMessage(error)) throw error;
    return { message: meta, reason: error.reason, detail: describeError(error) };
  }
}
