import type { Pool } from 'pg';
import { writeIsolatingFailures } from '@issuestream/storage';
import {
  reportKey,
  selectReportsByKey,
  upsertReports,
  type NewUserReport,
  type StoredUserReport,
} from './user-report-rows';

/**
 * What happened to one report:
 * - `inserted`: a new row;
 * - `updated`: the row for its (project, event) was overwritten with its name, email and comments;
 * - `unchanged`: the row already holds exactly this report (same contents and date added: a replay);
 * - `kept`: a different report for the same (project, event) was added before `overwriteAddedSince`
 *   and was left as it was;
 * - `failed`: this report could not be stored (bad data); the others were.
 */
export type UserReportWrite =
  | { readonly kind: 'inserted'; readonly id: number }
  | { readonly kind: 'updated'; readonly id: number }
  | { readonly kind: 'unchanged'; readonly id: number }
  | { readonly kind: 'kept'; readonly id: number }
  | { readonly kind: 'failed'; readonly error: Error };

export interface UserReportWriteOptions {
  /** Existing reports added at or after this instant may be overwritten; older ones are kept. */
  readonly overwriteAddedSince: Date;
}

/**
 * The `user_reports` table. Writes take a whole batch: one statement, plus
 * one read only when some keys already existed. Reports sharing a key within
 * a batch are written in rounds (the second after the first, …), which gives
 * the same result as writing them one by one in order.
 */
export class UserReportStore {
  constructor(private readonly pool: Pool) {}

  /** One result per report, in order. Transient database errors are thrown (retry the batch). */
  async save(
    reports: readonly NewUserReport[],
    options: UserReportWriteOptions,
  ): Promise<UserReportWrite[]> {
    const results: UserReportWrite[] = new Array<UserReportWrite>(reports.length);
    for (const round of rounds(reports)) {
      const written = await writeIsolatingFailures(
        round.map((i) => reports[i] as NewUserReport),
        (some) => this.saveDistinct(some, options),
      );
      round.forEach((index, j) => {
        const result = written[j] ?? new Error('no result');
        results[index] = result instanceof Error ? { kind: 'failed', error: result } : result;
      });
    }
    return results;
  }

  /** Stored reports for (project, event id) pairs, keyed `projectId:eventId`. */
  find(
    keys: readonly { projectId: number; eventId: string }[],
  ): Promise<Map<string, StoredUserReport>> {
    return selectReportsByKey(this.pool, keys);
  }

  private async saveDistinct(
    reports: readonly NewUserReport[],
    options: UserReportWriteOptions,
  ): Promise<UserReportWrite[]> {
    const written = await upsertReports(this.pool, reports, options.overwriteAddedSince);
    const untouched = reports.filter((r) => !written.has(reportKey(r.projectId, r.eventId)));
    // A new statement: also sees a row another consumer committed while ours ran.
    const existing = await selectReportsByKey(this.pool, untouched);
    return reports.map((report): UserReportWrite => {
      const key = reportKey(report.projectId, report.eventId);
      const write = written.get(key);
      if (write) return { kind: write.inserted ? 'inserted' : 'updated', id: write.id };
      const stored = existing.get(key);
      if (!stored) throw new Error(`user report ${key} neither written nor found`);
      if (sameReport(stored, report)) return { kind: 'unchanged', id: stored.id };
      // Within the window the overwrite was skipped only because the contents were already these.
      return {
        kind: stored.dateAdded >= options.overwriteAddedSince ? 'updated' : 'kept',
        id: stored.id,
      };
    });
  }
}

const sameReport = (stored: StoredUserReport, report: NewUserReport): boolean =>
  stored.name === report.name &&
  stored.email === report.email &&
  stored.comments === report.comments &&
  stored.dateAdded.getTime() === report.dateAdded.getTime();

/** Indexes grouped so that no round holds the same (project, event) twice; earlier reports go in earlier rounds. */
function rounds(reports: readonly NewUserReport[]): number[][] {
  const seen = new Map<string, number>();
  const out: number[][] = [];
  reports.forEach((report, index) => {
    const key = reportKey(report.projectId, report.eventId);
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    (out[round] ??= []).push(index);
  });
  return out;
}
