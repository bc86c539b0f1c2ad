import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OccurrenceIngestor } from '@issuestream/issue-platform';
import type { KafkaBatch, KafkaBatchContext } from '@issuestream/kafka';
import type { IngestOccurrences } from '@issuestream/schemas';

/** The consumer's one step: hand each batch to the ingestor (ordering is per partition; see the ingestor). */
@Controller()
export class OccurrencesController {
  constructor(private readonly ingestor: OccurrenceIngestor) {}

  @EventPattern('ingest-occurrences')
  handle(@Payload() batch: KafkaBatch<IngestOccurrences.IngestOccurrencesMessage>, @Ctx() context: KafkaBatchContext): Promise<void> {
    return this.ingestor.ingest(batch, context);
  }
}
