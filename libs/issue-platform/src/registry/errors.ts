/** Describes a type in error messages: `1001 "performance_slow_db_query" (Slow DB Query)`. */
export function describeGroupType(type: { typeId: unknown; slug: unknown; description: unknown }): string {
  return `${String(type.typeId)} ${JSON.stringify(type.slug)} (${String(type.description)})`;
}

/** One broken rule: the attribute path (`creationQuota.limit`) and what is wrong with it. */
export interface AttributeProblem {
  readonly field: string;
  readonly problem: string;
}

/** Base of every error the group-type registry raises. */
export class GroupTypeError extends Error {
  override readonly name: string = 'GroupTypeError';
}

/** A group type declaration breaks a rule (bad category, slug, priority, quota, …). */
export class InvalidGroupTypeError extends GroupTypeError {
  override readonly name = 'InvalidGroupTypeError';

  constructor(
    /** The offending attribute, e.g. `category` or `creationQuota.limit`. */
    readonly field: string,
    readonly problem: string,
    /** What was being declared, as far as it is known. */
    readonly typeDescription: string,
  ) {
    super(`invalid group type ${typeDescription}: ${field}: ${problem}`);
  }
}

/** A type id or slug is already taken by another registered type. */
export class DuplicateGroupTypeError extends GroupTypeError {
  override readonly name = 'DuplicateGroupTypeError';

  constructor(
    readonly attribute: 'typeId' | 'slug',
    /** The type already registered under that id or slug. */
    readonly existing: { typeId: number; slug: string; description: string },
    /** The type that was refused. */
    readonly rejected: { typeId: number; slug: string; description: string },
    /** Who declared each, when the registry is shared between services. */
    readonly owners?: { existing: string; rejected: string },
  ) {
    const what = attribute === 'typeId' ? `type id ${rejected.typeId}` : `slug ${JSON.stringify(rejected.slug)}`;
    const by = (owner: string | undefined) => (owner === undefined ? '' : ` declared by ${JSON.stringify(owner)}`);
    super(
      `cannot register group type ${describeGroupType(rejected)}${by(owners?.rejected)}: ` +
        `${what} is already used by group type ${describeGroupType(existing)}${by(owners?.existing)}`,
    );
  }
}

/** A lookup by type id found nothing. */
export class UnknownGroupTypeError extends GroupTypeError {
  override readonly name = 'UnknownGroupTypeError';

  constructor(readonly typeId: number) {
    super(`no group type is registered with type id ${typeId}`);
  }
}
