import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => (clock = 1_000));

  it('serves an entry until its TTL has passed', () => {
    const cache = new TtlCache<string, number>(100, now);
    cache.set('a', 1);
    clock += 99;
    expect(cache.lookup('a')).toEqual({ value: 1 });
    clock += 1;
    expect(cache.lookup('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('remembers absence as a hit, distinct from a miss', () => {
    const cache = new TtlCache<string, number>(100, now);
    cache.set('gone', undefined);
    expect(cache.lookup('gone')).toEqual({ value: undefined });
    expect(cache.lookup('never-set')).toBeUndefined();
  });

  it('evicts the oldest insertion beyond its bound', () => {
    const cache = new TtlCache<string, number>(100, now, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3); // refreshed: now the newest
    cache.set('c', 4);
    expect(cache.lookup('b')).toBeUndefined();
    expect(cache.lookup('a')).toEqual({ value: 3 });
    expect(cache.lookup('c')).toEqual({ value: 4 });
  });

  it('caches nothing with a TTL of 0', () => {
    const cache = new TtlCache<string, number>(0, now);
    cache.set('a', 1);
    expect(cache.lookup('a')).toBeUndefined();
  });

  it('forgets deleted and cleared entries', () => {
    const cache = new TtlCache<string, number>(100, now);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.delete('a');
    expect(cache.lookup('a')).toBeUndefined();
    cache.clear();
    expect(cache.lookup('b')).toBeUndefined();
  });
});
