/** Relay's limits, applied here because the relay stand-in forwards events without normalizing them. */
export const EVENT_LIMITS = {
  /** Largest event payload accepted (Relay's max_event_size). */
  payloadBytes: 1024 * 1024,
  /** serde_json's recursion limit: deeper JSON fails to parse in Relay. */
  depth: 128,
  /** Messages and exception values are trimmed to this many characters before grouping. */
  messageChars: 8192,
  /** Frames kept per stack trace; the middle of a longer one is dropped and noted in `frames_omitted`. */
  frames: 250,
  tagKeyChars: 200,
  tagValueChars: 200,
  releaseChars: 200,
  environmentChars: 64,
  /** An event time further ahead of its receipt is taken as clock drift. */
  futureDriftSeconds: 60,
  /** An event time older than this before its receipt is replaced by the receipt time. */
  maxAgeSeconds: 30 * 24 * 3600,
} as const;
