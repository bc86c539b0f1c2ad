import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OccurrenceAttachmentLinker } from '@issuestream/attachments';
import { OccurrenceIngestor } from '@issuestream/issue-platform';
import type { KafkaBatch, KafkaBatchContext } from '@issuestream/kafka';
import type { IngestOccurrences } from '@issuestream/schemas';

/**
 * The consumer's step: hand each batch to the ingestor (ordering is per partition; see the ingestor), then,
 * once its transaction committed, give feedback screenshots that came first their feedback issue.
 */
@Controller()
export class OccurrencesController {
  constructor(
    private readonly ingestor: OccurrenceIngestor,
    private readonly attachments: OccurrenceAttachmentLinker,
  ) {}

  @EventPattern('ingest-occurrences')
  async handle(@Payload() batch: KafkaBatch<IngestOccurrences.IngestOccurrencesMessage>, @Ctx() context: KafkaBatchContext): Promise<void> {
    await this.ingestor.ingest(batch, context);
    await this.attachments.link(batch);
  }
}
