import { createHash } from 'node:crypto';
import { InvalidBlobKeyError } from '../blob-store';
import { assertBlobKey, contentAddressedKey } from './blob-key';

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

describe('contentAddressedKey', () => {
  it('fans the hash out under the scope', () => {
    const hash = sha1('hello');
    expect(contentAddressedKey('attachments/p42', hash)).toBe(
      `attachments/p42/sha1/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`,
    );
  });

  it('gives equal content the same key and different scopes different keys', () => {
    const hash = sha1('same bytes');
    expect(contentAddressedKey('p1', hash)).toBe(contentAddressedKey('p1', hash));
    expect(contentAddressedKey('p1', hash)).not.toBe(contentAddressedKey('p2', hash));
  });

  it('rejects anything but a lower-case hex SHA-1', () => {
    expect(() => contentAddressedKey('p1', 'ABCDEF'.repeat(7).slice(0, 40))).toThrow(
      InvalidBlobKeyError,
    );
    expect(() => contentAddressedKey('p1', 'abc')).toThrow(/not a lower-case hex SHA-1/);
  });

  it('rejects a scope that would escape or be ambiguous', () => {
    expect(() => contentAddressedKey('../etc', sha1('x'))).toThrow(InvalidBlobKeyError);
    expect(() => contentAddressedKey('/abs', sha1('x'))).toThrow(InvalidBlobKeyError);
  });
});

describe('assertBlobKey', () => {
  it.each(['a', 'attachments/p1/e/0', 'v1/x_y-z.bin', 'org=1/project=2/k'])('accepts %s', (key) => {
    expect(() => assertBlobKey(key)).not.toThrow();
  });

  it.each([
    ['', /empty/],
    ['a//b', /segment ""/],
    ['/a', /segment ""/],
    ['a/', /segment ""/],
    ['a/../b', /segment "\.\."/],
    ['.partial/x', /not start with '\.'/],
    ['a b', /segment "a b"/],
    ['a\\b', /segment/],
    ['x'.repeat(1025), /longer than 1024/],
  ])('rejects %j', (key, reason) => {
    expect(() => assertBlobKey(key)).toThrow(reason);
  });
});
