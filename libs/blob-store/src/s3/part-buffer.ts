/**
 * A fixed-capacity byte buffer reused for every part of one upload. Its
 * memory is reserved but not written up front, so a small body only touches
 * the pages it fills.
 */
export class PartBuffer {
  private readonly buffer: Buffer;
  private length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafeSlow(capacity);
  }

  get full(): boolean {
    return this.length === this.buffer.byteLength;
  }

  /** Copies as much of chunk as fits; returns the part that did not. */
  fill(chunk: Uint8Array): Uint8Array {
    const taken = Math.min(chunk.byteLength, this.buffer.byteLength - this.length);
    this.buffer.set(chunk.subarray(0, taken), this.length);
    this.length += taken;
    return chunk.subarray(taken);
  }

  /** A view, not a copy: valid until the next clear(). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }
}
