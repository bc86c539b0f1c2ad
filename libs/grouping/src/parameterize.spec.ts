import { normalizeMessage, parameterize, PARAMETER_KINDS } from './parameterize';

describe('parameterize', () => {
  it.each([
    ['email', 'mail to jane.doe+ops@example.com bounced', 'mail to <email> bounced'],
    ['url', 'GET https://api.example.com/v1/users?id=3 failed', 'GET <url> failed'],
    ['url (websocket)', 'lost wss://push.example.io/socket', 'lost <url>'],
    ['hostname', 'connect to db-1.internal.example.org refused', 'connect to <hostname> refused'],
    ['hostname in upper case', 'resolve API.EXAMPLE.COM', 'resolve <hostname>'],
    ['ipv4', 'from 192.168.0.17 port', 'from <ip> port'],
    ['ipv6', 'peer 2001:db8::1 reset', 'peer <ip> reset'],
    ['ipv6 loopback', 'bind [::1]', 'bind [<ip>]'],
    ['traceparent', 'tp 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 lost', 'tp <traceparent> lost'],
    ['AWS trace id', 'Root=1-5759e988-bd862e3fe1be46a994272793', 'Root=<traceparent>'],
    ['uuid', 'order 550e8400-e29b-41d4-a716-446655440000 missing', 'order <uuid> missing'],
    ['sha1', 'commit 356a192b7913b04c54574d18c28d46e6395428ab', 'commit <sha1>'],
    ['md5', 'digest 5d41402abc4b2a76b9719d911017c592', 'digest <md5>'],
    ['RFC 3339 date', 'at 2024-01-02T03:04:05.123Z', 'at <date>'],
    ['RFC 1123 date', 'expires Tue, 02 Jan 2024 10:00:00 GMT', 'expires <date>'],
    ['JavaScript date', 'at Tue Jan 02 2024 10:00:00 GMT+0100 (Central European Standard Time)', 'at <date>'],
    ['datetime', 'since 2024-01-02 10:00:00', 'since <date>'],
    ['kitchen time', 'at 10:30 pm', 'at <date>'],
    ['24 h time', 'at 23:59', 'at <date>'],
    ['python datetime repr', 'got datetime.datetime(2024, 1, 2, 3, 4)', 'got <date>'],
    ['duration in ms', 'took 250ms', 'took <duration>'],
    ['duration in s', 'after 1.5s', 'after <duration>'],
    ['swift transaction id', 'swift txabcdef0123456789abcde-0123456789 failed', 'swift <swift_txn_id> failed'],
    ['0x hex', 'fault at 0xDEADBEEF', 'fault at <hex>'],
    ['short mixed hex', 'code a1b2', 'code <hex>'],
    ['long lower-case hex', 'token deadbeefcafe', 'token <hex>'],
    ['long upper-case hex', 'token DEADBEEFCAFE', 'token <hex>'],
    ['eight digits are hex', 'id 12345678', 'id <hex>'],
    ['git sha', 'build abc1234', 'build <git_sha>'],
    ['float', 'ratio 3.14', 'ratio <float>'],
    ['negative float', 'delta -2.5', 'delta <float>'],
    ['int', 'user 42 not found', 'user <int> not found'],
    ['negative int', 'offset -7', 'offset <int>'],
    ['quoted value after =', 'name="bob" role=\'admin\'', 'name=<quoted_str> role=<quoted_str>'],
    ['bool after =', 'active=true strict=False', 'active=<bool> strict=<bool>'],
  ])('%s', (_kind, input, expected) => {
    expect(parameterize(input)).toBe(expected);
  });

  it.each([
    ['letters only, short', 'code abcd'],
    ['mixed-case long hex', 'token DeadBeefCafe'],
    ['quoted string without =', 'said "hello"'],
    ['bare boolean', 'it is true'],
    ['C++-style scope', 'Foo::bar() failed'],
    ['hostname with a mixed-case TLD', 'resolve example.Com'],
  ])('leaves %s alone', (_case, input) => {
    expect(parameterize(input)).toBe(input);
  });

  it('tries the kinds in the reference order', () => {
    expect(PARAMETER_KINDS.map((kind) => kind.name)).toEqual([
      'email', 'url', 'hostname', 'ip', 'traceparent', 'uuid', 'sha1', 'md5', 'date', 'duration', 'swift_txn_id', 'hex', 'git_sha',
      'float', 'int', 'quoted_str', 'bool',
    ]);
  });

  it('lets an earlier kind win at the same position', () => {
    // A UUID is not cut into hex runs, a date not into ints, an e-mail's domain is not a hostname.
    expect(parameterize('550e8400-e29b-41d4-a716-446655440000')).toBe('<uuid>');
    expect(parameterize('2024-01-02')).toBe('<date>');
    expect(parameterize('ops@example.com')).toBe('<email>');
  });

  it('keeps a minus that joins two words and parameterizes the number after it', () => {
    expect(parameterize('utf-8 and a-5')).toBe('utf-<int> and a-<int>');
  });
});

describe('normalizeMessage', () => {
  it('keeps the first two non-blank lines and marks the cut', () => {
    expect(normalizeMessage('first 1\n\n   \nsecond\nthird')).toBe('first <int>\nsecond...');
  });

  it('marks any change, even a trailing newline (as the reference does)', () => {
    expect(normalizeMessage('done\n')).toBe('done...');
  });

  it('leaves a clean single line unmarked', () => {
    expect(normalizeMessage('Something broke')).toBe('Something broke');
  });

  it('treats \\r\\n as one line break', () => {
    expect(normalizeMessage('a\r\nb')).toBe('a\nb...');
  });
});

describe('parameterize, checked against the reference formulation', () => {
  // The reference runs one regex: every kind as a named alternative, in order.
  const oracle = new RegExp(
    PARAMETER_KINDS.map(({ name, pattern, afterEquals }) => `${afterEquals ? '(?<==)' : ''}(?<${name}>${pattern})`).join('|'),
    'g',
  );
  const viaOracle = (text: string): string =>
    text.replace(oracle, (...args: unknown[]) => {
      const groups = args[args.length - 1] as Record<string, string | undefined>;
      return `<${PARAMETER_KINDS.find(({ name }) => groups[name] !== undefined)?.name}>`;
    });

  // Fragments that start, end or nearly form every kind, glued at random.
  const FRAGMENTS = [
    'a', 'Z', '7', '42', '-', '.', ':', '=', '"', "'", ' ', '\n', '\r', '@', '/', '(', ')', 'x=1', 'ok=true', 'v="q"',
    'bob@example.com', 'http://', 'https://a.io/p?q=1', 'example.com', 'EXAMPLE.ORG', 'sub.domain', '.net', '10.0.0.1', '::1', 'fe80::1%eth0',
    '2001:db8::8a2e:370:7334', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', '550e8400-e29b-41d4-a716-446655440000',
    'deadbeef', 'DEADBEEF', 'a1b2', 'abc1234', '0x1f', '356a192b7913b04c54574d18c28d46e6395428ab', '5d41402abc4b2a76b9719d911017c592',
    '2024-01-02', 'T10:00:00Z', '10:30', ' pm', 'Tue, 02 Jan 2024 10:00:00 GMT', 'Jan 02, 2024', 'datetime.datetime(2024, 1, 2)', 'datetime.datetime(',
    '250ms', '1.5s', 's', 'ms', 'txabcdef0123456789abcde-0123456789', '3.14', '-2.5', '12345678', 'Sun', 'Mon ', 'GMT+0100',
  ];

  it('gives the same text on 3,000 random mixes', () => {
    let state = 12345;
    const next = (): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let run = 0; run < 3000; run++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 12) }, () => FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]).join('');
      expect([text, parameterize(text)]).toEqual([text, viaOracle(text)]);
    }
  });

  it.each([
    ['a.', 8192], ['abc-def.', 8192], ['1', 8192], ['a', 8192], ['ab12', 8192], ['1-', 8192], ['datetime.datetime(', 8192],
  ])('agrees on long runs of %s', (unit, length) => {
    const text = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
    expect(parameterize(text)).toBe(viaOracle(text));
  });
});
