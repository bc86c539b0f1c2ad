import {
  createClient,
  type ClickHouseClient,
  type ClickHouseClientConfigOptions,
  type ClickHouseSettings,
} from '@clickhouse/client';
import { PINNED_CLICKHOUSE_SETTINGS } from './clickhouse-settings';
import { quoteClickHouseIdentifier } from './clickhouse-identifier';
import { DEFAULT_CLICKHOUSE_DATABASE, resolveChdbPath } from './clickhouse-defaults';
import { openChdbConnection } from './open-chdb-connection';

export interface ClickHouseConfig {
  /** http(s) URL of a ClickHouse server. Unset: the embedded engine (chDB) is used. */
  readonly url?: string;
  /** Embedded engine's data directory, relative to the working directory, or ':memory:' (default `.stack/data/clickhouse`). */
  readonly path?: string;
  /** Database that unqualified table names refer to; created when missing (default `issuestream`). */
  readonly database?: string;
  /** Sent to a server as the client's application id (default `issuestream`). */
  readonly applicationName?: string;
  /** Per-request timeout for a server in ms (default 30 000). */
  readonly requestTimeoutMs?: number;
  /** Extra settings for every request, applied over the pinned ones. */
  readonly settings?: ClickHouseSettings;
}

/**
 * One factory for both backends, returning a plain @clickhouse/client client:
 * a server over HTTP when `url` is set, otherwise the in-process engine. The
 * database is created if missing and made the default for unqualified names
 * on both (chDB ignores the client's `database` option, so the connection is
 * switched with USE instead). Async because of that set-up round trip.
 * Close the client with `client.close()`; for chDB that releases the data
 * directory so another path (or process) can open it.
 */
export async function createClickHouse(config: ClickHouseConfig = {}): Promise<ClickHouseClient> {
  const database = config.database ?? DEFAULT_CLICKHOUSE_DATABASE;
  const quotedDatabase = quoteClickHouseIdentifier(database, 'database name');
  const common = {
    application: config.applicationName ?? 'issuestream',
    clickhouse_settings: { ...PINNED_CLICKHOUSE_SETTINGS, ...config.settings },
  };
  return config.url
    ? openServer(config.url, database, quotedDatabase, {
        ...common,
        request_timeout: config.requestTimeoutMs ?? 30_000,
      })
    : openEmbedded(resolveChdbPath(config.path), database, quotedDatabase, common);
}

type CommonOptions = {
  application: string;
  clickhouse_settings: ClickHouseSettings;
  request_timeout?: number;
};

async function openServer(
  url: string,
  database: string,
  quotedDatabase: string,
  common: CommonOptions,
): Promise<ClickHouseClient> {
  // The database goes in explicitly; a path in the URL would otherwise override it.
  const serverUrl = new URL(url);
  serverUrl.pathname = '/';
  // A client bound to a missing database fails every request, so check and create through `default`.
  const bootstrap = createClient({ ...common, url: serverUrl.toString(), database: 'default' });
  try {
    const rows = await (
      await bootstrap.query({
        query: 'SELECT name FROM system.databases WHERE name = {database:String}',
        query_params: { database },
        format: 'JSONEachRow',
      })
    ).json();
    // Checked first so a user without CREATE DATABASE grants can use an existing database.
    if (rows.length === 0)
      await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${quotedDatabase}` });
  } finally {
    await bootstrap.close();
  }
  return createClient({ ...common, url: serverUrl.toString(), database });
}

async function openEmbedded(
  path: string,
  database: string,
  quotedDatabase: string,
  common: CommonOptions,
): Promise<ClickHouseClient> {
  // chDB types its connection against its own copy of @clickhouse/client-common, whose
  // settings type differs nominally from the one bundled in @clickhouse/client; the
  // run-time contract is the same (chDB documents this exact use).
  const connection = openChdbConnection(
    path,
  ) as unknown as ClickHouseClientConfigOptions['connection'];
  const client = createClient({ ...common, database, connection });
  try {
    await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${quotedDatabase}` });
    // USE is remembered by the connection, and the client keeps a single connection to chDB.
    await client.command({ query: `USE ${quotedDatabase}` });
    return client;
  } catch (err) {
    await client.close();
    throw err;
  }
}
