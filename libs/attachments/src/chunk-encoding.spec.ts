import { randomBytes } from 'node:crypto';
import { decodeChunk, encodeChunk } from './chunk-store';

describe('stored chunk encoding', () => {
  it('compresses what LZ4 makes smaller and keeps the rest as it is, both read back byte for byte', () => {
    const text = Buffer.from('a line of a log file\\n'.repeat(5000));
    const noise = randomBytes(64 * 1024);
    const compressed = encodeChunk(text);
    const raw = encodeChunk(noise);
    expect(compressed.length).toBeLessThan(text.length / 10);
    expect(raw.length).toBe(noise.length + 1);
    expect(decodeChunk(compressed)).toEqual(text);
    expect(decodeChunk(raw)).toEqual(noise);
    expect(decodeChunk(encodeChunk(Buffer.alloc(0)))).toEqual(Buffer.alloc(0));
  });

  it('refuses a value it did not write', () => {
    expect(() => decodeChunk(Buffer.from([9, 1, 2]))).toThrow(/unknown encoding 9/);
  });
});
