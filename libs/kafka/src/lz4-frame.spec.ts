import { randomBytes } from 'node:crypto';
import { compressFrameSync } from 'lz4-napi';
import { decompressLz4Frames, Lz4FormatError } from './lz4-frame';

/** Text that compresses well (long repeated matches, overlapping runs) with some noise in between. */
function eventLike(size: number): Buffer {
  const parts: string[] = [];
  for (let i = 0, length = 0; length < size; i++) {
    parts.push(JSON.stringify({ i, fn: `step${i % 13}`, file: `/srv/app/src/services/s${i % 7}/step${i}.js`, id: randomBytes(8).toString('hex'), pad: 'a'.repeat(i % 40) }));
    length += parts[i]!.length + 1;
  }
  return Buffer.from(parts.join('\n')).subarray(0, size);
}

/** A frame header (version 1, independent blocks, 64 KiB blocks) and the given blocks, each `[stored, bytes]`. */
function frame(blocks: readonly Buffer[], flags = 0x60): Buffer {
  const body = blocks.flatMap((block) => {
    const size = Buffer.alloc(4);
    size.writeUInt32LE((block.length | 0x80000000) >>> 0);
    return [size, block];
  });
  return Buffer.concat([Buffer.from([0x04, 0x22, 0x4d, 0x18, flags, 0x40, 0x82]), ...body, Buffer.alloc(4)]);
}

describe('decompressLz4Frames', () => {
  it.each([0, 1, 15, 16, 300, 70_000, 1_500_000])('round-trips lz4-napi frames of %i bytes', (size) => {
    const raw = eventLike(size);
    expect(decompressLz4Frames(compressFrameSync(raw)).equals(raw)).toBe(true);
  });

  it('round-trips incompressible input and frames with block and content checksums', () => {
    const noise = randomBytes(200_000);
    expect(decompressLz4Frames(compressFrameSync(noise)).equals(noise)).toBe(true);
    const text = eventLike(300_000);
    expect(decompressLz4Frames(compressFrameSync(text, { blockChecksums: true, contentChecksum: true })).equals(text)).toBe(true);
  });

  it('reads concatenated frames, stored blocks and skips skippable frames', () => {
    const skippable = Buffer.from([0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
    const input = Buffer.concat([compressFrameSync(Buffer.from('first ')), skippable, frame([Buffer.from('stored '), Buffer.from('blocks')])]);
    expect(decompressLz4Frames(input).toString()).toBe('first stored blocks');
  });

  it('rejects corrupt input with an error instead of reading or writing out of bounds', () => {
    const valid = compressFrameSync(eventLike(50_000));
    expect(() => decompressLz4Frames(Buffer.from('not lz4 at all'))).toThrow(Lz4FormatError);
    expect(() => decompressLz4Frames(valid.subarray(0, valid.length - 10))).toThrow(Lz4FormatError);
    // A match pointing before the start of the output.
    const badOffset = Buffer.concat([Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82, 4, 0, 0, 0]), Buffer.from([0x10, 0x61, 0xff, 0x00]), Buffer.alloc(4)]);
    expect(() => decompressLz4Frames(badOffset)).toThrow(/outside the output/);
    for (let i = 0; i < 200; i++) {
      const mangled = Buffer.from(valid);
      for (let j = 0; j < 8; j++) mangled[7 + Math.floor(Math.random() * (mangled.length - 7))] = Math.floor(Math.random() * 256);
      try {
        decompressLz4Frames(mangled);
      } catch (error) {
        expect(error).toBeInstanceOf(Lz4FormatError);
      }
    }
  });
});
