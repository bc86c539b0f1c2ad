import { uniqueName } from './unique-name';
import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('returns the first truthy probe result', async () => {
    let calls = 0;
    await expect(waitFor(() => (++calls >= 3 ? calls : undefined), { intervalMs: 1 })).resolves.toBe(3);
  });

  it('names what it waited for on timeout', async () => {
    await expect(waitFor(() => false, { timeoutMs: 20, intervalMs: 5, description: 'the rows' })).rejects.toThrow(
      /waiting for the rows \(last: false\)/,
    );
  });

  it('makes unique names', () => {
    expect(uniqueName('t')).not.toBe(uniqueName('t'));
  });
});
