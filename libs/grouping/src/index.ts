export type {
  ErrorEvent, Frame, FrameData, LogEntry, Mechanism, NsError, SingleException, Stacktrace, Tags, Template, Thread,
} from './event';
export {
  groupEvent, GROUPING_CONFIG_ID, type GroupingResult, type GroupingVariant, type StrategyName, type VariantKind,
} from './grouping';
export type { ComponentJson, ComponentId, VariantName } from './component';
export { hashFromValues, type HashValue } from './hash';
export { normalizeMessage, parameterize, PARAMETER_KINDS } from './parameterize';
export {
  DEFAULT_FINGERPRINT_VARIABLE, fingerprintType, fingerprintVariable, resolveFingerprint, type FingerprintType,
} from './fingerprint';
export { culprit, describeEvent, type DefaultMetadata, type ErrorMetadata, type EventDescription, type EventType } from './describe';
