/** How a message's bytes were encoded. */
export type Encoding = 'avro' | 'json' | 'msgpack';

/**
 * Why a message can never be decoded. Stable strings: the consumer runtime
 * puts them in the `x-dlq-reason` header of dead-lettered messages.
 */
export type InvalidMessageReason =
  /** No bytes at all. */
  | 'empty_message'
  /** The first byte is none of 0x00 (Avro), `{`/`[` (JSON) or a msgpack map marker. */
  | 'unknown_encoding'
  | 'malformed_json'
  | 'malformed_msgpack'
  /** Confluent-framed, but the Avro body cannot be read (truncated, trailing bytes, bad union index, ...). */
  | 'malformed_avro'
  /** Confluent-framed with a schema id the registry does not know. */
  | 'unknown_schema_id'
  /** Written with a registered schema that cannot be resolved to this topic's schema. */
  | 'incompatible_schema'
  /** Decoded, but the value does not conform to the topic's schema. */
  | 'schema_validation';

/** One problem found while validating a value; `path` is e.g. `attachments[0].size`, empty for the root. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export interface InvalidMessageDetails {
  readonly topic: string;
  readonly encoding?: Encoding;
  readonly schemaId?: number;
  readonly issues?: readonly ValidationIssue[];
  readonly cause?: unknown;
}

/**
 * A poison message: permanent, retrying cannot help, so the consumer sends it
 * to the dead-letter topic with `reason`. `message` is meant for humans and
 * names the offending field paths.
 */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
  readonly topic: string;
  readonly encoding: Encoding | undefined;
  readonly schemaId: number | undefined;
  readonly issues: readonly ValidationIssue[];

  constructor(
    readonly reason: InvalidMessageReason,
    message: string,
    details: InvalidMessageDetails,
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.topic = details.topic;
    this.encoding = details.encoding;
    this.schemaId = details.schemaId;
    this.issues = details.issues ?? [];
  }
}

/**
 * Recognises an InvalidMessageError, also one created by another copy of this
 * module (hence the check by name and shape besides `instanceof`).
 */
export function isInvalidMessageError(error: unknown): error is InvalidMessageError {
  if (error instanceof InvalidMessageError) return true;
  return (
    error instanceof Error &&
    error.name === 'InvalidMessageError' &&
    typeof (error as { reason?: unknown }).reason === 'string'
  );
}

/**
 * The schema registry failed to answer (network, 5xx) or refused a request.
 * `retriable` is true for failures that may go away (the consumer retries
 * with backoff); false for configuration problems such as a schema that was
 * never registered.
 */
export class SchemaRegistryError extends Error {
  override readonly name = 'SchemaRegistryError';

  constructor(
    message: string,
    readonly retriable: boolean,
    readonly status?: number,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/** Formats issues for an error message, keeping it readable when there are many. */
export function formatIssues(issues: readonly ValidationIssue[], limit = 8): string {
  const shown = issues
    .slice(0, limit)
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  const more = issues.length > limit ? `; and ${issues.length - limit} more` : '';
  return shown.join('; ') + more;
}
