import { PartitionJoiner } from './join-partitions';

const message = (id: number, size = 1) => ({ id, value: Buffer.alloc(size) });
type Message = ReturnType<typeof message>;

function recordingJoiner(limits = { maxMessages: 100, maxBytes: 1000 }, fail?: Error) {
  const batches: number[][] = [];
  const joiner = new PartitionJoiner<Message>(limits, async (messages) => {
    batches.push(messages.map((m) => m.id));
    if (fail) throw fail;
  });
  return { joiner, batches };
}

describe('PartitionJoiner', () => {
  it('runs the batches submitted in one turn as one batch, in submission order', async () => {
    const { joiner, batches } = recordingJoiner();
    await Promise.all([joiner.submit([message(1), message(2)]), joiner.submit([message(3)]), joiner.submit([message(4)])]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('keeps batches of later turns apart', async () => {
    const { joiner, batches } = recordingJoiner();
    await joiner.submit([message(1)]);
    await joiner.submit([message(2)]);
    expect(batches).toEqual([[1], [2]]);
  });

  it('starts a new batch rather than exceed the message limit', async () => {
    const { joiner, batches } = recordingJoiner({ maxMessages: 3, maxBytes: 1000 });
    await Promise.all([joiner.submit([message(1), message(2)]), joiner.submit([message(3), message(4)]), joiner.submit([message(5)])]);
    expect(batches).toEqual([[1, 2], [3, 4, 5]]);
  });

  it('starts a new batch rather than exceed the byte limit, and still runs an oversized one alone', async () => {
    const { joiner, batches } = recordingJoiner({ maxMessages: 100, maxBytes: 100 });
    await Promise.all([joiner.submit([message(1, 60)]), joiner.submit([message(2, 60)]), joiner.submit([message(3, 500)])]);
    expect(batches).toEqual([[1], [2], [3]]);
  });

  it('fails every submitter of a failed batch, so each partition retries', async () => {
    const { joiner } = recordingJoiner(undefined, new Error('database down'));
    const results = await Promise.allSettled([joiner.submit([message(1)]), joiner.submit([message(2)])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
