import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { IssueAlertProcessor } from '@issuestream/alerts';
import type { KafkaBatch } from '@issuestream/kafka';
import type { GenericEvents } from '@issuestream/schemas';

/** Issue-platform hand-offs from ingest-occurrences to the alert step. */
@Controller()
export class GenericEventsController {
  constructor(private readonly alerts: IssueAlertProcessor) {}

  @EventPattern('generic-events')
  handle(@Payload() batch: KafkaBatch<GenericEvents.GenericEventsMessage>): Promise<void> {
    return this.alerts.process(batch.map((message) => message.value));
  }
}
