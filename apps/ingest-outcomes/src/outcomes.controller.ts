import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { KafkaBatch, KafkaBatchContext } from '@issuestream/kafka';
import { writeOutcomes } from '@issuestream/outcomes-data';
import type { Outcomes } from '@issuestream/schemas';
import { outcomeMessages } from './metrics';
import { OutcomeResources } from './outcome-resources';

/** The consumer's one step: each batch of outcomes (Avro, or Relay's JSON) added to the hourly counts. */
@Controller()
export class OutcomesController {
  constructor(private readonly resources: OutcomeResources) {}

  @EventPattern('outcomes')
  async handle(@Payload() batch: KafkaBatch<Outcomes.OutcomesMessage>, @Ctx() context: KafkaBatchContext): Promise<void> {
    const consumed = batch.map((m) => ({ partition: m.partition, offset: m.offset, brokerTimestamp: m.timestamp, value: m.value }));
    const result = await writeOutcomes(this.resources.clickhouse, context.getTopic(), consumed);
    outcomeMessages.inc({ result: 'counted' }, result.counted);
    outcomeMessages.inc({ result: 'already_counted' }, result.alreadyCounted);
  }
}
