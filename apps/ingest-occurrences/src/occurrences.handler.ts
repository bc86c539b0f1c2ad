import { Injectable } from '@nestjs/common';
import { KafkaHandler, type BatchContext, type ConsumedMessage } from '@issuestream/kafka';
import { OccurrenceIngestor } from '@issuestream/issue-platform';
import type { IngestOccurrences } from '@issuestream/schemas';

/** The consumer's one step: hand each batch to the ingestor (ordering is per partition; see the ingestor). */
@Injectable()
export class OccurrencesHandler {
  constructor(private readonly ingestor: OccurrenceIngestor) {}

  @KafkaHandler({ topic: 'ingest-occurrences' })
  handle(batch: readonly ConsumedMessage<IngestOccurrences.IngestOccurrencesMessage>[], context: BatchContext): Promise<void> {
    return this.ingestor.ingest(batch, context);
  }
}
