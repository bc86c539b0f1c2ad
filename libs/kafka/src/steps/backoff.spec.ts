import { backoffDelay } from './backoff';

const policy = { initialMs: 100, maxMs: 1000 };

describe('backoffDelay', () => {
  it('grows exponentially between half and all of the step', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(50);
    expect(backoffDelay(0, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, () => 0)).toBe(400);
  });

  it('is capped', () => {
    expect(backoffDelay(50, policy, () => 1)).toBe(1000);
  });
});
