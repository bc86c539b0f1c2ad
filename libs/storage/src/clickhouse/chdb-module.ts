/**
 * chDB's `@clickhouse/client` connection lives behind the package's `exports`
 * map (`chdb/connection`), which the workspace's `moduleResolution: node`
 * cannot see. Types come from the file the export points at; the value is
 * loaded through the export at run time (Node refuses the deep path).
 */
export type ChdbConnectionModule = typeof import('chdb/dist/connection');

let loaded: ChdbConnectionModule | undefined;

/**
 * Loads chDB on first use only: the native engine adds ~160 MB of resident
 * memory on require, which apps talking to a ClickHouse server should not pay.
 */
export function loadChdbConnectionModule(): ChdbConnectionModule {
  loaded ??= require('chdb/connection') as ChdbConnectionModule;
  return loaded;
}
