/** A request the caller got wrong: answered 400 with `{ detail, field }`. */
export class InvalidIssueRequest extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
