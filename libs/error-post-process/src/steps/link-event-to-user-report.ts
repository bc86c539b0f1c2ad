import { FeedbackCreationSource } from '@issuestream/feedback';
import { environmentKey, withTransaction, type EnvironmentRef, type TenantStore } from '@issuestream/storage';
import { keysWithUnlinkedReports, linkReports, lockUnlinkedReports, relinkReports } from '@issuestream/user-reports-data';
import type { Pool } from 'pg';
import { postProcessMetrics } from '../metrics';
import type { PostProcessEvent } from '../post-process-event';
import type { ErrorPostProcessStep } from '../step';
import { errorEventDocument, type ShimUserReports } from '../user-report-shim';

const keyOf = (key: { projectId: number; eventId: string }) => `${key.projectId}:${key.eventId}`;

export interface UserReportLinkDeps {
  readonly pool: Pool;
  readonly tenants: Pick<TenantStore, 'getProjects' | 'ensureEnvironments'>;
  readonly shim: ShimUserReports;
}

/** Environment ids of the events' (organisation, environment name), created when new; throws when one cannot be had. */
export async function environmentIds(
  tenants: Pick<TenantStore, 'ensureEnvironments'>,
  wanted: readonly { key: string; ref: EnvironmentRef }[],
): Promise<Map<string, number>> {
  const ids = await tenants.ensureEnvironments(wanted.map((w) => w.ref));
  return new Map(
    wanted.map(({ key, ref }) => {
      const id = ids.get(environmentKey(ref));
      if (typeof id !== 'number') throw id ?? new Error(`environment "${ref.name}" not resolved`);
      return [key, id];
    }),
  );
}

/**
 * `link_event_to_user_report` (spec-feedback §6.1). For an event seen the
 * first time, its reports without an issue get the event's issue and
 * environment; those without an environment (they came from a user-report
 * source, not from new-style feedback) are first turned into a feedback
 * issue with source USER_REPORT_ENVELOPE, whatever path they came by. A
 * reprocessed event moves all its reports to its new issue, shimming none.
 *
 * Effectively once: the reports are locked and re-checked for "no issue
 * yet" in the transaction that sets their issue, and the shim runs inside it,
 * before the commit. A report linked by anyone (another instance, the
 * update_user_reports job) is never selected again, so it is shimmed at most
 * once; if the commit is lost after the shim was sent, the retry sends the
 * same feedback again, which ingest-occurrences drops by occurrence id.
 *
 * Nearly all events have no report, so the batch is first checked with one
 * unlocked read and the transaction is only opened for events that have one.
 */
export class LinkEventToUserReport implements ErrorPostProcessStep {
  readonly name = 'link_event_to_user_report';

  constructor(private readonly deps: UserReportLinkDeps) {}

  applies(event: PostProcessEvent): boolean {
    return event.kind === 'error';
  }

  async run(events: readonly PostProcessEvent[]): Promise<void> {
    const { pool, tenants } = this.deps;
    const reprocessed = events.filter((event) => event.isReprocessed);
    const firstSeen = events.filter((event) => !event.isReprocessed);
    const withReports = await keysWithUnlinkedReports(pool, firstSeen);
    const linking = firstSeen.filter((event) => withReports.has(keyOf(event)));
    if (linking.length === 0 && reprocessed.length === 0) return;

    const involved = [...linking, ...reprocessed];
    const projects = await tenants.getProjects([...new Set(involved.map((event) => event.projectId))]);
    const environments = await environmentIds(
      tenants,
      involved.flatMap((event) => {
        const project = projects.get(event.projectId);
        return project ? [{ key: keyOf(event), ref: { organizationId: project.organizationId, name: event.environment } }] : [];
      }),
    );
    const linkingByKey = new Map(linking.map((event) => [keyOf(event), event]));

    await withTransaction(pool, async (client) => {
      const reports = await lockUnlinkedReports(client, linking);
      const toShim = reports.flatMap((report) => {
        const event = linkingByKey.get(keyOf(report));
        const project = projects.get(report.projectId);
        if (report.environmentId !== null || !event || !project) return [];
        return [{ project, report, errorEvent: errorEventDocument(event), source: FeedbackCreationSource.USER_REPORT_ENVELOPE }];
      });
      if (toShim.length > 0) await this.deps.shim(toShim);
      const linked = await linkReports(
        client,
        reports.flatMap((report) => {
          const event = linkingByKey.get(keyOf(report));
          return event ? [{ id: report.id, groupId: event.groupId, environmentId: environments.get(keyOf(report)) ?? null }] : [];
        }),
      );
      const relinked = await relinkReports(
        client,
        reprocessed.map((event) => ({ projectId: event.projectId, eventId: event.eventId, groupId: event.groupId, environmentId: environments.get(keyOf(event)) ?? null })),
      );
      postProcessMetrics.reportsShimmed.inc({ source: FeedbackCreationSource.USER_REPORT_ENVELOPE }, toShim.length);
      postProcessMetrics.reportsLinked.inc({ path: 'post_process' }, linked);
      postProcessMetrics.reportsLinked.inc({ path: 'reprocessed' }, relinked);
    });
  }
}
