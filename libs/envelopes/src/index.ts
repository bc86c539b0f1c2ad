export { EnvelopeError, isEnvelopeError, type EnvelopeErrorReason } from './errors';
export { normalizeUuid, uuidBytes, NIL_UUID } from './uuid';
export { normalizeReplayContext, traceReplayId } from './replay-context';
export { EVENT_BOUND_TYPES, EVENT_PAYLOAD_TYPES, INTERNAL_TYPES } from './item-types';
export { checkLimits, DEFAULT_LIMITS, MAX_EVENT_SIZE, type BucketLimit, type EnvelopeLimits } from './limits';
export { parseEnvelope, parseFraming, resolveEventId, type Envelope, type EnvelopeItem, type JsonHeaders, type ParseOptions } from './parse';
export {
  checkDsnProject, extractAuth, parseDsn, parseProjectId, parsePublicKey, parseSentryAuthHeader, peekEnvelopeHeader, PROTOCOL_VERSION,
  type AuthRequest, type AuthSource, type SentryAuth,
} from './auth';
