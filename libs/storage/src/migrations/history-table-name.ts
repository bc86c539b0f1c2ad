const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface HistoryTableName {
  readonly schema?: string;
  readonly table: string;
}

/**
 * Splits and checks a `table` or `schema.table` name for a migration history
 * table. Names are interpolated into DDL (identifiers cannot be bound as
 * parameters), so only plain identifiers are accepted.
 */
export function parseHistoryTableName(name: string): HistoryTableName {
  const parts = name.split('.');
  if (parts.length > 2 || parts.some((p) => !IDENTIFIER.test(p))) {
    throw new Error(
      `Invalid migration history table "${name}": use "table" or "schema.table" made of [A-Za-z0-9_] identifiers`,
    );
  }
  const [first, second] = parts;
  return second === undefined ? { table: first } : { schema: first, table: second };
}
