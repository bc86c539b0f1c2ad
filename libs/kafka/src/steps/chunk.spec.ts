import { splitIntoChunks } from './chunk';

const msg = (size: number) => ({ value: Buffer.alloc(size) });

describe('splitIntoChunks', () => {
  it('bounds chunks by message count, keeping order', () => {
    const messages = [1, 2, 3, 4, 5].map((n) => ({ value: Buffer.from([n]) }));
    const chunks = splitIntoChunks(messages, { maxMessages: 2, maxBytes: 1000 });
    expect(chunks.map((c) => c.map((m) => m.value[0]))).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('bounds chunks by bytes', () => {
    const chunks = splitIntoChunks([msg(40), msg(40), msg(40)], { maxMessages: 100, maxBytes: 100 });
    expect(chunks.map((c) => c.length)).toEqual([2, 1]);
  });

  it('never drops an oversized message: it forms its own chunk', () => {
    const chunks = splitIntoChunks([msg(10), msg(500), msg(10)], { maxMessages: 100, maxBytes: 100 });
    expect(chunks.map((c) => c.length)).toEqual([1, 1, 1]);
  });

  it('treats tombstones as zero bytes', () => {
    expect(splitIntoChunks([{ value: null }, { value: null }], { maxMessages: 10, maxBytes: 1 })).toHaveLength(1);
  });
});
