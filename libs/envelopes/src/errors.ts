/** Why a request was refused, as a metric label and for the `detail` of the JSON error body. */
export type EnvelopeErrorReason =
  | 'empty_body'
  | 'invalid_header'
  | 'invalid_item_header'
  | 'missing_newline'
  | 'unexpected_eof'
  | 'invalid_length'
  | 'invalid_event_id'
  | 'invalid_item_type'
  | 'invalid_json'
  | 'too_large'
  | 'missing_auth'
  | 'multiple_auth'
  | 'invalid_auth'
  | 'bad_public_key'
  | 'bad_project_id'
  | 'unsupported_version'
  | 'auth_mismatch';

/**
 * A refusal with the HTTP status the stand-in answers with (400 malformed,
 * 401 authentication, 413 size limits) and a stable reason code.
 */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';

  constructor(
    readonly status: 400 | 401 | 403 | 413,
    readonly reason: EnvelopeErrorReason,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export const isEnvelopeError = (error: unknown): error is EnvelopeError => error instanceof EnvelopeError;

export const malformed = (reason: EnvelopeErrorReason, detail: string) => new EnvelopeError(400, reason, detail);
