import type { TenantStore } from '@issuestream/storage';
import type { PostProcessEvent } from '../post-process-event';
import type { ErrorPostProcessStep } from '../step';

/**
 * The project flags onboarding reads: `first_event` (the first error's
 * time), `has_transactions` (a transaction on the eventstream) and
 * `has_flags` (the reference's `check_if_flags_sent`: an event carrying
 * `contexts.flags`). One cached project read and at most one update per
 * batch. Effectively once by its own state: the flags are only ever set, and
 * first_event only while it is unset.
 */
export class ProjectEventFlags implements ErrorPostProcessStep {
  readonly name = 'project_event_flags';

  constructor(private readonly tenants: Pick<TenantStore, 'getProjects' | 'markEventsReceived'>) {}

  applies(event: PostProcessEvent): boolean {
    return event.kind !== 'other';
  }

  async run(events: readonly PostProcessEvent[]): Promise<void> {
    // Warms the project cache, so projects whose flags are set cost no update.
    await this.tenants.getProjects([...new Set(events.map((event) => event.projectId))]);
    await this.tenants.markEventsReceived(
      events.map((event) => ({
        projectId: event.projectId,
        firstEventAt: event.kind === 'error' ? new Date(event.timestamp * 1000) : null,
        transaction: event.kind === 'transaction',
        flags: event.hasFlags,
      })),
    );
  }
}
