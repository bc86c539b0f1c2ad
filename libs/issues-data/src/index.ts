export { issueMigrations, searchIssuesMigrations } from './issue-migrations';
export { createGroups, findGroupsByHash, hashKey, setGroupStatuses, updateGroups } from './group-rows';
export type { GroupStatusChange, GroupUpdate, NewGroup, StoredGroup } from './group-rows';
export {
  existingNodeIds, feedbackEventGroups, getNodes, occurrenceEventGroups, processedOccurrences, putNodes, putNodeTexts, recordOccurrences,
} from './occurrence-rows';
export type { OccurrenceEventGroup, OccurrenceRecord } from './occurrence-rows';
export { insertSearchIssues, listSearchIssues } from './search-issues';
export type { SearchIssueRow, SearchIssuesQuery } from './search-issues';
export { errorEventMigrations, errorsClickHouseMigrations } from './error-migrations';
export {
  addGroupEnvironments, eventKey, groupEnvironmentKey, linkGroupHashes, markErrorEventsStreamed, recordErrorEvents, reportedErrorEvents, storedErrorEvents,
} from './error-event-rows';
export type { ErrorEventRecord, ReportedErrorEvent, StoredErrorEvent } from './error-event-rows';
export { eventNodeId } from './node-ids';
export { insertErrors, listErrors } from './error-rows';
export type { ErrorRow, ErrorsQuery } from './error-rows';
export { ISSUE_READ_MIGRATIONS_TABLE, issueReadMigrations } from './issue-read-migrations';
export { filterIssues, issueCandidates, lockGroupsById, seenIssues, setIssuesSeen } from './group-reads';
export type { IssueFilter, IssueState } from './group-reads';
export { latestOccurrences, rankIssues } from './search-issue-reads';
export type { IssueStreamKey, IssueStreamQuery, LatestOccurrence, RankedIssues } from './search-issue-reads';
