import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { compressFrameSync } from 'lz4-napi';
import { decompressLz4Frames } from './lz4-frame';

/**
 * Relay topics are lz4-compressed (as in the reference), and real Relay
 * produces lz4 batches; kafkajs ships no lz4 codec, so register one (LZ4
 * frame format, as Kafka uses) before any client is created. Compression is
 * lz4-napi's, called synchronously (a record batch takes well under a
 * millisecond, less than a trip through the thread pool); decompression is
 * ours, several times faster than lz4-napi's frame decoder.
 */
export function registerLz4Codec(): void {
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    compress: async (encoder: { buffer: Buffer }) => compressFrameSync(encoder.buffer),
    decompress: async (buffer: Buffer) => decompressLz4Frames(buffer),
  });
}
