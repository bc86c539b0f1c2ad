export { ErrorEventIngestor, type ErrorEventIngestorDeps } from './error-event-ingestor';
export { normalizeEvent, normalizeId, LEVELS, type EventMessage, type Level, type NormalizedEvent, type NormalizeResult } from './normalize-event';
export { EVENT_LIMITS } from './limits';
export { groupNormalizedEvent, type GroupedEvent } from './grouped-event';
export { ERROR_GROUP_TYPE } from './error-group-plan';
export { eventstreamInsert, eventstreamDatetime } from './eventstream';
export { errorReplayId, normalizeUuid } from './replay-id';
