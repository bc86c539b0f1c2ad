import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ErrorPostProcessor } from '@issuestream/error-post-process';
import type { KafkaBatch } from '@issuestream/kafka';
import type { Events } from '@issuestream/schemas';

/** The errors eventstream (Avro from ingest-events, or the reference's JSON `[2, "insert", …]`) to the post-processor. */
@Controller()
export class EventsController {
  constructor(private readonly processor: ErrorPostProcessor) {}

  @EventPattern('events')
  handle(@Payload() batch: KafkaBatch<Events.EventsMessage>): Promise<void> {
    return this.processor.process(batch);
  }
}
