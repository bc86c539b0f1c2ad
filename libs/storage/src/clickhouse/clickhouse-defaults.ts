import { resolve } from 'node:path';

export const DEFAULT_CLICKHOUSE_PATH = '.stack/data/clickhouse';
export const DEFAULT_CLICKHOUSE_DATABASE = 'issuestream';
/** chDB's in-memory mode: a temporary directory removed when the last client closes. */
export const CHDB_MEMORY_PATH = ':memory:';

/** Absolute data directory for the embedded engine, or ':memory:'. */
export function resolveChdbPath(path: string | undefined, cwd = process.cwd()): string {
  const chosen = path ?? DEFAULT_CLICKHOUSE_PATH;
  return chosen === CHDB_MEMORY_PATH ? chosen : resolve(cwd, chosen);
}
