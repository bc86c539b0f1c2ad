export { OccurrenceIngestor } from './occurrence-ingestor';
export type { OccurrenceIngestorDeps } from './occurrence-ingestor';
export { decideStatusChange } from './status-transitions';
export { hashFingerprint, eventNodeId, occurrenceNodeId } from './hashing';
export { noisySightings } from './creation-gates';
export { truncateCulprit } from './group-plan';
