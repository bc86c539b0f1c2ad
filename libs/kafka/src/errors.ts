/**
 * The runtime's error taxonomy. An invalid message is permanent: retrying
 * cannot help, so it is dead-lettered. Everything else is presumed transient
 * (a database restarting, a leader moving) unless a consumer's classifier says
 * otherwise, in which case the consumer stops and the orchestrator restarts it.
 */
export interface InvalidMessage {
  readonly reason: string;
  readonly message: string;
}

/** Thrown by decoders and steps for input that can never be processed. */
export class InvalidMessageError extends Error implements InvalidMessage {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidMessageError';
  }
}

/**
 * Recognises invalid-message errors by shape as well as by class, so decoders
 * from other libraries (the schema codec has its own subclass hierarchy) are
 * understood without the runtime depending on them.
 */
export function isInvalidMessage(error: unknown): error is InvalidMessage & Error {
  return (
    error instanceof Error &&
    error.name === 'InvalidMessageError' &&
    typeof (error as Partial<InvalidMessage>).reason === 'string'
  );
}

/** Raised when the dead-letter limit trips: too many invalid messages in a row means a bad deploy, not bad input. */
export class DeadLetterLimitError extends Error {
  constructor(readonly consecutive: number) {
    super(`${consecutive} consecutive messages were dead-lettered; stopping the consumer`);
    this.name = 'DeadLetterLimitError';
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
