export { USER_REPORT_MIGRATIONS_TABLE, userReportMigrations } from './user-report-migrations';
export {
  UserReportStore,
  type UserReportWriteOptions,
  type UserReportWrite,
} from './user-report-store';
export type { NewUserReport, StoredUserReport } from './user-report-rows';
export {
  keysWithUnlinkedReports,
  linkReports,
  lockUnlinkedReports,
  relinkReports,
  unlinkedReportsAddedBetween,
  type ReportEventKey,
  type ReportLink,
  type UnlinkedReport,
} from './user-report-links';
