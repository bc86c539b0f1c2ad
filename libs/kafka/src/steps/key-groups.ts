/**
 * Batched-parallel execution: messages sharing a key run in order, one key
 * group after another within that key, while distinct keys run concurrently
 * up to `concurrency`. Resolves when every group is done; rejects with the
 * first failure after letting in-flight groups finish (so none is left half
 * awaited when the batch is retried).
 */
export async function runByKey<M>(
  messages: readonly M[],
  keyOf: (message: M) => string,
  concurrency: number,
  run: (group: M[]) => Promise<void>,
): Promise<void> {
  const groups = groupByKey(messages, keyOf);
  const queue = [...groups.values()];
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    for (let group = queue.shift(); group && !failure; group = queue.shift()) {
      try {
        await run(group);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  if (failure) throw failure.error;
}

export function groupByKey<M>(messages: readonly M[], keyOf: (message: M) => string): Map<string, M[]> {
  const groups = new Map<string, M[]>();
  for (const message of messages) {
    const key = keyOf(message);
    const group = groups.get(key);
    if (group) group.push(message);
    else groups.set(key, [message]);
  }
  return groups;
}
