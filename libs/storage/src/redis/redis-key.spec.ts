import { redisKey } from './redis-key';

describe('redisKey', () => {
  it('builds is:<purpose>:<parts…>', () => {
    expect(redisKey('noise', 42, 'feedback', 7n)).toBe('is:noise:42:feedback:7');
    expect(redisKey('dedupe')).toBe('is:dedupe');
  });

  it('rejects purposes and parts that would blur the namespace', () => {
    expect(() => redisKey('Noise', 1)).toThrow(/purpose/);
    expect(() => redisKey('a:b', 1)).toThrow(/purpose/);
    expect(() => redisKey('', 1)).toThrow(/purpose/);
    expect(() => redisKey('noise', 'a:b')).toThrow(/part #1/);
    expect(() => redisKey('noise', 1, '')).toThrow(/part #2/);
  });
});
