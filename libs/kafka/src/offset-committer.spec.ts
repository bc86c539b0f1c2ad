import { OffsetCommitter, type OffsetToCommit } from './offset-committer';

describe('OffsetCommitter', () => {
  it('commits offset + 1, the latest per partition, at most once per interval', async () => {
    const commits: OffsetToCommit[][] = [];
    let now = 0;
    const committer = new OffsetCommitter(async (o) => void commits.push(o), 1000, () => now);
    committer.mark('t', 0, '9');
    committer.mark('t', 0, '19');
    committer.mark('t', 1, '4');
    now = 1000;
    await committer.maybeCommit();
    expect(commits).toEqual([[{ topic: 't', partition: 0, offset: '20' }, { topic: 't', partition: 1, offset: '5' }]]);
    committer.mark('t', 0, '29');
    now = 1500;
    await committer.maybeCommit();
    expect(commits).toHaveLength(1);
    await committer.flush();
    expect(commits[1]).toEqual([{ topic: 't', partition: 0, offset: '30' }]);
  });

  it('commits what was marked inside the interval once the interval is up, with no batch after it', async () => {
    jest.useFakeTimers({ now: 10_000 });
    try {
      const commits: OffsetToCommit[][] = [];
      const committer = new OffsetCommitter(async (o) => void commits.push(o), 1000);
      committer.mark('t', 0, '9');
      await committer.maybeCommit();
      committer.mark('t', 0, '10');
      jest.advanceTimersByTime(400);
      await committer.maybeCommit();
      expect(commits).toEqual([[{ topic: 't', partition: 0, offset: '10' }]]);
      await jest.advanceTimersByTimeAsync(599);
      expect(commits).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(commits[1]).toEqual([{ topic: 't', partition: 0, offset: '11' }]);
      await jest.advanceTimersByTimeAsync(5000);
      expect(commits).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps offsets whose commit failed for the next attempt', async () => {
    let fail = true;
    const committed: OffsetToCommit[] = [];
    const committer = new OffsetCommitter(async (offsets) => {
      if (fail) throw new Error('coordinator moved');
      committed.push(...offsets);
    }, 0);
    committer.mark('t', 0, '1');
    await expect(committer.flush()).rejects.toThrow('coordinator moved');
    fail = false;
    await committer.flush();
    expect(committed).toEqual([{ topic: 't', partition: 0, offset: '2' }]);
  });

  it('handles 64-bit offsets and forgets revoked partitions', async () => {
    const committed: OffsetToCommit[] = [];
    const committer = new OffsetCommitter(async (o) => void committed.push(...o), 0);
    committer.mark('t', 0, '9007199254740993');
    committer.mark('t', 1, '1');
    committer.forget((_, partition) => partition === 0);
    await committer.flush();
    expect(committed).toEqual([{ topic: 't', partition: 0, offset: '9007199254740994' }]);
  });
});
