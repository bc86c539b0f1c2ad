/** One problem with a producer's input: the input field path (`fingerprint[0]`, `event.project_id`) and what is wrong. */
export interface PayloadIssue {
  readonly field: string;
  readonly message: string;
}

/**
 * The input of a produce call cannot become a valid message. Nothing was
 * sent. `field` and `message` describe the first problem, `issues` lists all
 * that were found; the error message reads `fingerprint: must not be empty`.
 */
export class InvalidPayloadError extends Error {
  override readonly name: string = 'InvalidPayloadError';
  readonly field: string;
  readonly issues: readonly PayloadIssue[];

  constructor(
    readonly kind: 'occurrence' | 'status change',
    issues: readonly PayloadIssue[],
    /** Position in a batch, when the input was one of several. */
    readonly index?: number,
  ) {
    const where = index === undefined ? '' : ` #${index}`;
    super(`invalid ${kind}${where}: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`);
    const [first] = issues;
    this.field = first?.field ?? '';
    this.issues = issues;
  }
}

export class InvalidOccurrenceError extends InvalidPayloadError {
  override readonly name = 'InvalidOccurrenceError';

  constructor(issues: readonly PayloadIssue[], index?: number) {
    super('occurrence', issues, index);
  }
}

export class InvalidStatusChangeError extends InvalidPayloadError {
  override readonly name = 'InvalidStatusChangeError';

  constructor(issues: readonly PayloadIssue[], index?: number) {
    super('status change', issues, index);
  }
}

/** Collects problems while a payload is checked, so one error can report them all. */
export class IssueCollector {
  readonly issues: PayloadIssue[] = [];

  add(field: string, message: string): void {
    this.issues.push({ field, message });
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }
}
