import { normalizeUuid, uuidBytes } from './uuid';

describe('normalizeUuid', () => {
  it('accepts 32 and 36 char forms and lower-cases', () => {
    expect(normalizeUuid('9EC79C33EC9942AB8353589FCB2E04DC')).toBe('9ec79c33ec9942ab8353589fcb2e04dc');
    expect(normalizeUuid('9ec79c33-ec99-42ab-8353-589fcb2e04dc')).toBe('9ec79c33ec9942ab8353589fcb2e04dc');
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'abc', '9ec79c33ec9942ab8353589fcb2e04d', '9ec79c33ec9942ab8353589fcb2e04dg', '9ec79c33-ec9942ab-8353-589fcb2e04dc0', 12, null, undefined]) {
      expect(normalizeUuid(bad)).toBeUndefined();
    }
  });

  it('gives the 16 raw key bytes', () => {
    expect(uuidBytes('9ec79c33ec9942ab8353589fcb2e04dc')).toEqual(Buffer.from('9ec79c33ec9942ab8353589fcb2e04dc', 'hex'));
    expect(uuidBytes('9ec79c33ec9942ab8353589fcb2e04dc')).toHaveLength(16);
  });
});
