import { isAllowedOrigin, requestOrigin } from './origin';

describe('requestOrigin', () => {
  it('takes the Origin header, else the Referer scheme and host', () => {
    expect(requestOrigin({ origin: 'https://a.example.com' })).toBe('https://a.example.com');
    expect(requestOrigin({ origin: 'null', referer: 'https://b.example.com:8443/page?q=1' })).toBe('https://b.example.com:8443');
    expect(requestOrigin({ referer: 'not a url' })).toBeNull();
    expect(requestOrigin({})).toBeNull();
  });
});

describe('isAllowedOrigin', () => {
  it.each([
    [['*'], null, true],
    [['https://shop.example.com'], 'https://shop.example.com', true],
    [['https://shop.example.com'], 'http://shop.example.com', false],
    [['shop.example.com'], 'http://shop.example.com:8080', true],
    [['*.example.com'], 'https://a.b.example.com', true],
    [['*.example.com'], 'https://example.com', true],
    [['*.example.com'], 'https://badexample.com', false],
    [['shop.example.com'], null, false],
  ] as const)('%j allows %s: %s', (allowed, origin, expected) => {
    expect(isAllowedOrigin(origin, allowed)).toBe(expected);
  });
});
