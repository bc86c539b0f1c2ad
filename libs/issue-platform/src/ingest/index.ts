export { OccurrenceIngestor } from './occurrence-ingestor';
export type { OccurrenceIngestorDeps } from './occurrence-ingestor';
export { decideStatusChange } from './status-transitions';
export type { GroupStatusPair } from './status-transitions';
export { applyStatusChanges, changeIssueStatuses } from './status-changes';
export type { StatusChangeOutcome, StatusChangeRequest } from './status-changes';
export { hashFingerprint, eventNodeId, occurrenceNodeId } from './hashing';
export { noisySightings } from './creation-gates';
export { truncateCulprit } from './group-plan';
