import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { decodeBody } from './body';
import { decodeStoreBody } from './relay.service';

const text = Buffer.from('{}\n{"type":"session"}\n{"status":"ok"}');

describe('decodeBody', () => {
  it('undoes gzip, x-gzip, deflate (zlib and raw) and br', async () => {
    for (const [encoding, body] of [['gzip', gzipSync(text)], ['x-gzip', gzipSync(text)], ['deflate', deflateSync(text)], ['deflate', deflateRawSync(text)], ['br', brotliCompressSync(text)], ['identity', text], [undefined, text]] as const) {
      expect((await decodeBody(body, encoding, 1024)).equals(text)).toBe(true);
    }
  });

  it('refuses bombs with 413, garbage with 400 and unknown encodings with 400', async () => {
    await expect(decodeBody(gzipSync(Buffer.alloc(100_000)), 'gzip', 1000)).rejects.toMatchObject({ status: 413 });
    await expect(decodeBody(Buffer.from('nope'), 'gzip', 1000)).rejects.toMatchObject({ status: 400 });
    await expect(decodeBody(text, 'compress', 1000)).rejects.toMatchObject({ status: 400 });
    await expect(decodeBody(Buffer.alloc(2000), undefined, 1000)).rejects.toMatchObject({ status: 413 });
  });
});

describe('decodeStoreBody', () => {
  it('reads JSON, base64 JSON and base64 zlib JSON', () => {
    const event = { message: 'hi' };
    const json = JSON.stringify(event);
    expect(decodeStoreBody(Buffer.from(json))).toEqual(event);
    expect(decodeStoreBody(Buffer.from(Buffer.from(json).toString('base64')))).toEqual(event);
    expect(decodeStoreBody(Buffer.from(deflateSync(json).toString('base64')))).toEqual(event);
  });

  it('400s anything else', () => {
    expect(() => decodeStoreBody(Buffer.from('[1]'))).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => decodeStoreBody(Buffer.from('%%%'))).toThrow(expect.objectContaining({ status: 400 }));
  });
});
