import { randomBytes } from 'node:crypto';
import { decodeChunk, encodeChunk } from './chunk-store';

describe('stored chunk encoding', () => {
  it('compresses what LZ4 makes smaller and keeps the rest as it is, both read back byte for byte', () => {
    const text = Buffer.from('a line of a log file\n'.repeat(50_000));
    const noise = randomBytes(256 * 1024);
    noise[0] = 7;
    const compressed = encodeChunk(text);
    expect(compressed.length).toBeLessThan(text.length / 10);
    expect(decodeChunk(compressed)).toEqual(text);
    expect(encodeChunk(noise)).toBe(noise);
    expect(decodeChunk(noise)).toEqual(noise);
    expect(decodeChunk(encodeChunk(Buffer.alloc(0)))).toEqual(Buffer.alloc(0));
  });

  it('tags raw chunks that begin like a tagged one', () => {
    for (const first of [0, 1]) {
      const noise = randomBytes(1024);
      noise[0] = first;
      const stored = encodeChunk(noise);
      expect(stored.length).toBe(noise.length + 1);
      expect(decodeChunk(stored)).toEqual(noise);
    }
  });
});
