import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { compressFrame, decompressFrame } from 'lz4-napi';

/**
 * Relay topics are lz4-compressed (as in the reference), and real Relay
 * produces lz4 batches; kafkajs ships no lz4 codec, so register one (LZ4
 * frame format, as Kafka uses) before any client is created.
 */
export function registerLz4Codec(): void {
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    compress: async (encoder: { buffer: Buffer }) => compressFrame(encoder.buffer),
    decompress: async (buffer: Buffer) => decompressFrame(buffer),
  });
}
