import { Injectable } from '@nestjs/common';
import { KafkaHandler, type BatchContext, type ConsumedMessage } from '@issuestream/kafka';
import type { IngestFeedbackEvents } from '@issuestream/schemas';
import { FeedbackIngestor } from './feedback-ingestor';

/** The consumer's one step: hand each batch to the ingestor. */
@Injectable()
export class FeedbackHandler {
  constructor(private readonly ingestor: FeedbackIngestor) {}

  @KafkaHandler({ topic: 'ingest-feedback-events' })
  handle(batch: readonly ConsumedMessage<IngestFeedbackEvents.IngestFeedbackEventsMessage>[], context: BatchContext): Promise<void> {
    return this.ingestor.ingest(batch, context);
  }
}
