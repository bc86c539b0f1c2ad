/**
 * @issuestream/schemas — the Avro contract of every topic (schemas/*.avsc),
 * generated TypeScript types, and the codec that turns message bytes into
 * validated records and back.
 */
export * from './generated/index.generated';
export type { AvroSchema, TopicDefinition } from './avro-schema';
export { createCodec, registerSchema } from './codec';
export type {
  CodecOptions,
  Decoded,
  RegistrationResult,
  SafeDecoded,
  SchemaCodec,
  TopicInput,
  TopicRecord,
} from './codec';
export { backwardIncompatibility } from './compat';
export { detectEncoding, frameConfluent } from './encoding';
export { InvalidMessageError, isInvalidMessageError, SchemaRegistryError } from './errors';
export type { Encoding, InvalidMessageReason, ValidationIssue } from './errors';
export { isJsonObject, JsonType, serializedJson } from './json';
export type { JsonObject, JsonValue } from './json';
export { RegistryApi } from './registry-api';
export type { Compatibility, CompatibilityResult } from './registry-api';
export { TopicSchema } from './topic-schema';
export { isTopic, runtimeDecoder } from './runtime-decoder';
