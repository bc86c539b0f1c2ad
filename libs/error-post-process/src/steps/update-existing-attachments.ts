import type { EventAttachmentStore } from '@issuestream/attachments-data';
import type { PostProcessEvent } from '../post-process-event';
import type { ErrorPostProcessStep } from '../step';

/**
 * `update_existing_attachments`: attachments stored before their event (a
 * separate attachment item, or a crash-report upload racing the event) get
 * the event's issue. Effectively once by its own state: only attachments
 * without an issue are updated, so a repeat finds nothing to change.
 */
export class UpdateExistingAttachments implements ErrorPostProcessStep {
  readonly name = 'update_existing_attachments';

  constructor(private readonly attachments: Pick<EventAttachmentStore, 'assignGroup'>) {}

  applies(event: PostProcessEvent): boolean {
    return event.kind === 'error';
  }

  async run(events: readonly PostProcessEvent[]): Promise<void> {
    await this.attachments.assignGroup(events.map((event) => ({ projectId: event.projectId, eventId: event.eventId, groupId: event.groupId })));
  }
}
