import type { EventAttachmentStore } from '@issuestream/attachments-data';
import { occurrenceEventGroups } from '@issuestream/issues-data';
import type { ConsumedMessage } from '@issuestream/kafka';
import type { IngestOccurrences } from '@issuestream/schemas';
import type { Pool } from 'pg';

/** Group type id of user feedback (libs/feedback's FEEDBACK_GROUP_TYPE_ID; that lib is a feature lib too, kept out of this path). */
const FEEDBACK_TYPE_ID = 6001;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * ingest-occurrences' side of the feedback screenshot link: once a batch is
 * committed, the screenshots that arrived before their feedback issue get
 * its group (one read of the batch's feedback occurrences by primary key,
 * one update by the attachments' (project, event) index; nothing for a batch
 * without feedback). Redelivered batches run it again, which changes nothing
 * or repairs a crash between the commit and this step.
 */
export class OccurrenceAttachmentLinker {
  constructor(
    private readonly pool: Pool,
    private readonly store: EventAttachmentStore,
  ) {}

  async link(batch: readonly ConsumedMessage<IngestOccurrences.IngestOccurrencesMessage>[]): Promise<number> {
    const ids = batch.flatMap(({ value }) =>
      value.payload_type === 'occurrence' && value.type === FEEDBACK_TYPE_ID && UUID.test(value.id) ? [value.id] : [],
    );
    if (ids.length === 0) return 0;
    return this.store.assignGroup(await occurrenceEventGroups(this.pool, ids));
  }
}
