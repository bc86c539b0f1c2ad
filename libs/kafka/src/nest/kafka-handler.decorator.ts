import { SetMetadata } from '@nestjs/common';
import type { ConsumedMessage } from '../types';

export const KAFKA_HANDLER = Symbol('issuestream:kafka-handler');

export interface KafkaHandlerOptions<T = unknown> {
  topic: string;
  /** Per-key ordering with parallelism across keys; without it the whole batch goes to one call. */
  keyOf?: (message: ConsumedMessage<T>) => string;
}

/**
 * Declares a provider method as the processing step for a topic. The method
 * receives `(batch, context)` and must resolve only when its writes are durable.
 */
export const KafkaHandler = <T>(options: KafkaHandlerOptions<T>): MethodDecorator =>
  SetMetadata(KAFKA_HANDLER, options);
