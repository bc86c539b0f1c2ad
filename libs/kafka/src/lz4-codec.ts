import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';

/**
 * Relay topics are lz4-compressed (as in the reference), and real Relay
 * produces lz4 batches; kafkajs ships no lz4 codec, so register one (LZ4
 * frame format, as Kafka uses) before any client is created. The synchronous
 * calls: a record batch takes LZ4 well under a millisecond, less than handing
 * it to the thread pool and back.
 */
export function registerLz4Codec(): void {
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    compress: async (encoder: { buffer: Buffer }) => compressFrameSync(encoder.buffer),
    decompress: async (buffer: Buffer) => decompressFrameSync(buffer),
  });
}
