import { groupByKey, runByKey } from './key-groups';

describe('runByKey', () => {
  it('keeps order within a key and runs keys concurrently', async () => {
    const messages = ['a1', 'b1', 'a2', 'c1', 'b2', 'a3'];
    const seen: string[] = [];
    let running = 0;
    let peak = 0;
    await runByKey(messages, (m) => m[0]!, 2, async (group) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(group.join(','));
      running--;
    });
    expect(seen.sort()).toEqual(['a1,a2,a3', 'b1,b2', 'c1']);
    expect(peak).toBe(2);
  });

  it('rejects with the first failure after in-flight groups finish', async () => {
    const finished: string[] = [];
    const attempt = runByKey(['a', 'b'], (m) => m, 2, async ([m]) => {
      if (m === 'a') throw new Error('boom');
      await new Promise((resolve) => setImmediate(resolve));
      finished.push(m!);
    });
    await expect(attempt).rejects.toThrow('boom');
    expect(finished).toEqual(['b']);
  });

  it('groups preserve first-seen key order', () => {
    expect([...groupByKey(['x1', 'y1', 'x2'], (m) => m[0]!).keys()]).toEqual(['x', 'y']);
  });
});
