import { keyedBy, keyOfExtras } from './keyed-by';

describe('keyedBy', () => {
  it('carries the key function through @EventPattern extras', () => {
    const keyOf = keyOfExtras(keyedBy<{ project: number }>((m) => String(m.value.project)));
    expect(keyOf?.({ value: { project: 7 } } as never)).toBe('7');
  });

  it('means one call per batch when absent, and refuses a key that is not a function', () => {
    expect(keyOfExtras(undefined)).toBeUndefined();
    expect(keyOfExtras({})).toBeUndefined();
    expect(() => keyOfExtras({ 'issuestream.keyOf': 'project' })).toThrow(/must be a function/);
  });
});
