import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ErrorEventIngestor } from '@issuestream/errors';
import type { KafkaBatch, KafkaBatchContext } from '@issuestream/kafka';
import type { IngestEvents } from '@issuestream/schemas';

/** The consumer's one step: each batch (Avro from the relay stand-in or Relay's msgpack) to the ingestor. */
@Controller()
export class EventsController {
  constructor(private readonly ingestor: ErrorEventIngestor) {}

  @EventPattern('ingest-events')
  handle(@Payload() batch: KafkaBatch<IngestEvents.IngestEventsMessage>, @Ctx() context: KafkaBatchContext): Promise<void> {
    return this.ingestor.ingest(batch, context);
  }
}
