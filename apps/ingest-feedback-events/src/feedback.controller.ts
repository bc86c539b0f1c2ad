import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { KafkaBatch, KafkaBatchContext } from '@issuestream/kafka';
import type { IngestFeedbackEvents } from '@issuestream/schemas';
import { FeedbackIngestor } from './feedback-ingestor';

/** The consumer's one step: hand each batch to the ingestor. */
@Controller()
export class FeedbackController {
  constructor(private readonly ingestor: FeedbackIngestor) {}

  @EventPattern('ingest-feedback-events')
  handle(@Payload() batch: KafkaBatch<IngestFeedbackEvents.IngestFeedbackEventsMessage>, @Ctx() context: KafkaBatchContext): Promise<void> {
    return this.ingestor.ingest(batch, context);
  }
}
