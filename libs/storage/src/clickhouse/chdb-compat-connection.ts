import { ClickHouseError } from '@clickhouse/client';
import { loadChdbConnectionModule, type ChdbConnectionModule } from './chdb-module';

type ChdbConnection = InstanceType<ChdbConnectionModule['ChdbConnection']>;
type QueryParams = Parameters<ChdbConnection['query']>[0];
type CommandParams = Parameters<ChdbConnection['command']>[0];
type ExecParams = Parameters<ChdbConnection['exec']>[0];
type InsertParams = Parameters<ChdbConnection['insert']>[0];

/**
 * chDB's connection with the differences from an HTTP server that matter to
 * this project smoothed over, so code cannot tell which backend it runs on:
 *
 * - Query parameters: chDB formats JS values itself, unlike @clickhouse/client.
 *   A Date loses its milliseconds there and a top-level boolean becomes `true`,
 *   which a UInt8 placeholder rejects. Both are rewritten to the text the HTTP
 *   client would have sent (Unix seconds with milliseconds; 1/0).
 * - Errors: chDB throws ClickHouseError from its own copy of
 *   @clickhouse/client-common, so `instanceof ClickHouseError` from
 *   @clickhouse/client was false. They are rethrown as the client's class,
 *   same code/type/message, original kept as `cause`.
 */
export function createChdbCompatConnection(options: { path: string }): ChdbConnection {
  return new (compatClass())(options);
}

let compat: ChdbConnectionModule['ChdbConnection'] | undefined;

/** The subclass is built on first use because its base class is only loaded then. */
function compatClass(): ChdbConnectionModule['ChdbConnection'] {
  compat ??= class ChdbCompatConnection extends loadChdbConnectionModule().ChdbConnection {
    override query(params: QueryParams) {
      return withClientErrors(() => super.query(withHttpStyleParams(params)));
    }

    override command(params: CommandParams) {
      return withClientErrors(() => super.command(withHttpStyleParams(params)));
    }

    override exec(params: ExecParams) {
      return withClientErrors(() => super.exec(withHttpStyleParams(params)));
    }

    override insert(params: InsertParams) {
      return withClientErrors(() => super.insert(withHttpStyleParams(params)));
    }
  };
  return compat;
}

function withHttpStyleParams<P extends { query_params?: Record<string, unknown> }>(params: P): P {
  if (!params.query_params) return params;
  const query_params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params.query_params)) {
    query_params[name] = typeof value === 'boolean' ? (value ? 1 : 0) : withDatesAsUnixTime(value);
  }
  return { ...params, query_params };
}

function withDatesAsUnixTime(value: unknown): unknown {
  if (value instanceof Date) return unixTimeText(value);
  if (Array.isArray(value)) return value.map(withDatesAsUnixTime);
  return value;
}

/** Same text @clickhouse/client sends for a Date parameter: time-zone free, millisecond precision. */
function unixTimeText(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date in ClickHouse query parameters');
  const seconds = Math.floor(ms / 1000);
  const millis = ms - seconds * 1000;
  return millis === 0 ? String(seconds) : `${seconds}.${String(millis).padStart(3, '0')}`;
}

async function withClientErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw asClientError(err);
  }
}

function asClientError(err: unknown): unknown {
  if (err instanceof ClickHouseError || !(err instanceof Error)) return err;
  const { code, type } = err as { code?: unknown; type?: unknown };
  if (typeof code !== 'string' || typeof type !== 'string') return err;
  const mapped = new ClickHouseError({ message: err.message, code, type });
  mapped.cause = err;
  return mapped;
}
