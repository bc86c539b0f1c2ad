export interface ChunkLimits {
  maxMessages: number;
  maxBytes: number;
}

/**
 * Splits a fetched batch into processing batches bounded by count and bytes,
 * keeping order. A single message larger than maxBytes still forms its own
 * batch: limits bound work, they never drop input.
 */
export function splitIntoChunks<M extends { value: Buffer | null }>(
  messages: readonly M[],
  limits: ChunkLimits,
): M[][] {
  const chunks: M[][] = [];
  let current: M[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = message.value?.length ?? 0;
    const full = current.length >= limits.maxMessages || (current.length > 0 && bytes + size > limits.maxBytes);
    if (full) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
