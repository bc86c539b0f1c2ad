import { FeedbackCreationSource, type ReportedEventLookup } from '@issuestream/feedback';
import { createLogger } from '@issuestream/observability';
import { withTransaction, type TenantStore } from '@issuestream/storage';
import { linkReports, lockUnlinkedReports, unlinkedReportsAddedBetween, type UnlinkedReport } from '@issuestream/user-reports-data';
import type { Pool } from 'pg';
import { postProcessMetrics } from './metrics';
import type { ShimUserReports } from './user-report-shim';

const log = createLogger('update-user-reports');

const DAY_MS = 86_400_000;
const keyOf = (key: { projectId: number; eventId: string }) => `${key.projectId}:${key.eventId}`;

export interface UpdateUserReportsDeps {
  readonly pool: Pool;
  readonly tenants: Pick<TenantStore, 'getProjects'>;
  /** Stored error events by (project, event id), with their issue, environment id and document. */
  readonly events: ReportedEventLookup;
  readonly shim: ShimUserReports;
}

export interface UpdateUserReportsWindow {
  /** Reports added at or after this (default: a day before now). */
  readonly from: Date;
  /** …and at or before this (default: 5 minutes after now, for clock skew). */
  readonly to: Date;
}

export interface UpdateUserReportsResult {
  readonly examined: number;
  readonly linked: number;
  readonly shimmed: number;
}

export const defaultUpdateWindow = (now: Date): UpdateUserReportsWindow => ({ from: new Date(now.getTime() - DAY_MS), to: new Date(now.getTime() + 5 * 60_000) });

/**
 * The reference's `update_user_reports` task (spec-feedback §6.2), the safety
 * net for reports whose event was stored without post-process linking them
 * (e.g. a report saved while its event sat between ingest and the
 * eventstream). Reports without an issue added in the window are looked up
 * in chunks (2,000 as in the reference); each one whose event is stored gets
 * the event's issue and environment, and one with no environment is first
 * shimmed with source UPDATE_USER_REPORTS_TASK. Same locking as the
 * post-process step, so the two never shim a report twice.
 */
export async function updateUserReports(deps: UpdateUserReportsDeps, window: UpdateUserReportsWindow, chunkSize = 2000): Promise<UpdateUserReportsResult> {
  let afterId = 0;
  let examined = 0;
  let linked = 0;
  let shimmed = 0;
  for (;;) {
    const page = await unlinkedReportsAddedBetween(deps.pool, window, { afterId, limit: chunkSize });
    if (page.length === 0) break;
    afterId = page[page.length - 1]?.id ?? afterId;
    examined += page.length;
    const result = await linkChunk(deps, page);
    linked += result.linked;
    shimmed += result.shimmed;
    if (page.length < chunkSize) break;
  }
  postProcessMetrics.reportsLinked.inc({ path: 'update_user_reports' }, linked);
  postProcessMetrics.reportsShimmed.inc({ source: FeedbackCreationSource.UPDATE_USER_REPORTS_TASK }, shimmed);
  log.info('update_user_reports done', { examined, linked, shimmed });
  return { examined, linked, shimmed };
}

/** Session advisory lock held while the job runs, so instances (and a CronJob run) never overlap. */
const JOB_LOCK = "hashtext('issuestream:update_user_reports')";

/**
 * `updateUserReports` unless another process is running it right now
 * (then null). The app's timer, the CronJob and the admin command all go
 * through here. Holds up to three of the pool's connections at once (the
 * lock, a chunk's transaction, the shim's tenant reads).
 */
export async function updateUserReportsExclusively(deps: UpdateUserReportsDeps, window: UpdateUserReportsWindow): Promise<UpdateUserReportsResult | null> {
  const client = await deps.pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${JOB_LOCK}) AS locked`);
    if (!rows[0]?.locked) return null;
    try {
      return await updateUserReports(deps, window);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${JOB_LOCK})`);
    }
  } finally {
    client.release();
  }
}

async function linkChunk(deps: UpdateUserReportsDeps, reports: readonly UnlinkedReport[]): Promise<{ linked: number; shimmed: number }> {
  const found = await deps.events.find(reports);
  const matched = reports.filter((report) => typeof found.get(keyOf(report))?.groupId === 'number');
  if (matched.length === 0) return { linked: 0, shimmed: 0 };
  const projects = await deps.tenants.getProjects([...new Set(matched.map((report) => report.projectId))]);
  return withTransaction(deps.pool, async (client) => {
    const locked = await lockUnlinkedReports(client, matched);
    const links = locked.flatMap((report) => {
      const event = found.get(keyOf(report));
      return event && event.groupId !== null ? [{ report, groupId: event.groupId, environmentId: event.environmentId, document: event.data }] : [];
    });
    const toShim = links.flatMap(({ report, document }) => {
      const project = projects.get(report.projectId);
      if (report.environmentId !== null || !project) return [];
      // A document nodestore no longer has still makes a feedback, with only the report's own fields.
      return [{ project, report, errorEvent: document ?? {}, source: FeedbackCreationSource.UPDATE_USER_REPORTS_TASK }];
    });
    if (toShim.length > 0) await deps.shim(toShim);
    const linked = await linkReports(client, links.map(({ report, groupId, environmentId }) => ({ id: report.id, groupId, environmentId })));
    return { linked, shimmed: toShim.length };
  });
}
