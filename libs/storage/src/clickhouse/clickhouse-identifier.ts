const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Backtick-quotes a plain identifier after checking it; identifiers cannot be bound as query parameters. */
export function quoteClickHouseIdentifier(name: string, what = 'identifier'): string {
  if (!IDENTIFIER.test(name)) {
    throw new Error(
      `Invalid ClickHouse ${what} "${name}": use letters, digits and '_' (not starting with a digit)`,
    );
  }
  return `\`${name}\``;
}
