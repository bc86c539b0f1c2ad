import type { ConsumedMessage } from '../types';

const KEY_OF = 'issuestream.keyOf';

export type KeyOf<T> = (message: ConsumedMessage<T>) => string;

/**
 * `@EventPattern` extras that ask for per-key groups: messages with equal keys
 * reach the handler in order, in one call per key group, while distinct keys
 * run concurrently (KAFKA_KEY_CONCURRENCY at a time). Without it the whole
 * batch goes to one call.
 *
 *   @EventPattern('ingest-occurrences', keyedBy<Occurrence>((m) => m.value.fingerprint[0] ?? ''))
 */
export function keyedBy<T>(keyOf: KeyOf<T>): Record<string, unknown> {
  return { [KEY_OF]: keyOf };
}

/** The key function declared in a handler's extras, if any. */
export function keyOfExtras(extras: Record<string, unknown> | undefined): KeyOf<unknown> | undefined {
  const keyOf = extras?.[KEY_OF];
  if (keyOf === undefined) return undefined;
  if (typeof keyOf !== 'function') throw new Error(`${KEY_OF} in @EventPattern extras must be a function`);
  return keyOf as KeyOf<unknown>;
}
