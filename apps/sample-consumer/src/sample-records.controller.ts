import { Controller } from '@nestjs/common';
import { EventPattern, Payload, Ctx } from '@nestjs/microservices';
import type { KafkaBatch, KafkaBatchContext } from '@issuestream/kafka';
import type { TopicRecord } from '@issuestream/schemas';
import { SampleRecordsStore } from './sample-records.store';

/**
 * Stores each batch in one transaction. An empty id is rejected to the DLQ:
 * the schema allows it, but it would collapse unrelated records into one row.
 */
@Controller()
export class SampleRecordsController {
  constructor(private readonly store: SampleRecordsStore) {}

  @EventPattern('test-record')
  async handle(@Payload() batch: KafkaBatch<TopicRecord<'test-record'>>, @Ctx() context: KafkaBatchContext): Promise<void> {
    const rows = [];
    for (const message of batch) {
      if (message.value.id.trim() === '') {
        context.reject(message, 'missing_id', 'id: must not be empty');
        continue;
      }
      rows.push({ id: message.value.id, seq: Number(message.value.seq), body: message.value.body, partition: message.partition, offset: message.offset });
    }
    if (rows.length > 0) await this.store.insertBatch(rows);
  }
}
