import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AttachmentsIngestor } from '@issuestream/attachments';
import type { KafkaBatch, KafkaBatchContext } from '@issuestream/kafka';
import type { IngestAttachments } from '@issuestream/schemas';

/** The consumer's one step: each batch (Avro from the relay stand-in or Relay's msgpack) to the ingestor, chunks first. */
@Controller()
export class AttachmentsController {
  constructor(private readonly ingestor: AttachmentsIngestor) {}

  @EventPattern('ingest-attachments')
  handle(@Payload() batch: KafkaBatch<IngestAttachments.IngestAttachmentsMessage>, @Ctx() context: KafkaBatchContext): Promise<void> {
    return this.ingestor.ingest(batch, context);
  }
}
