import { createCodec } from './codec';
import { isTopic, runtimeDecoder } from './runtime-decoder';

describe('runtimeDecoder', () => {
  const decode = runtimeDecoder(createCodec({ registryUrl: 'http://127.0.0.1:9/apis/ccompat/v7' }));

  it('decodes JSON for a known topic synchronously', () => {
    expect(decode('test-record', Buffer.from('{"id":"a","seq":1,"body":"b"}'))).toEqual({ id: 'a', seq: 1, body: 'b' });
  });

  it('refuses a topic without a schema', () => {
    expect(isTopic('nope')).toBe(false);
    expect(() => decode('nope', Buffer.from('{}'))).toThrow(/no Avro schema for topic "nope"/);
  });
});
