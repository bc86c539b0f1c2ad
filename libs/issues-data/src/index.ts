export { issueMigrations, searchIssuesMigrations } from './issue-migrations';
export { createGroups, findGroupsByHash, hashKey, setGroupStatuses, updateGroups } from './group-rows';
export type { GroupStatusChange, GroupUpdate, NewGroup, StoredGroup } from './group-rows';
export { getNodes, processedOccurrences, putNodes, recordOccurrences } from './occurrence-rows';
export type { OccurrenceRecord } from './occurrence-rows';
export { insertSearchIssues, listSearchIssues } from './search-issues';
export type { SearchIssueRow, SearchIssuesQuery } from './search-issues';
