import { errorChain, errorCode, errorMessage, TRANSIENT_SOCKET_CODES } from '../shared/error-chain';

/**
 * ClickHouse error codes (ClickHouseError.code) for a server that is
 * overloaded, restarting or losing replicas; the same insert or query is
 * expected to succeed later. Codes for bad SQL, unknown tables, type or
 * parse errors are left out: retrying them only stalls the partition.
 */
const TRANSIENT_CLICKHOUSE_CODES: ReadonlySet<string> = new Set([
  '159', // TIMEOUT_EXCEEDED
  '202', // TOO_MANY_SIMULTANEOUS_QUERIES
  '203', // NO_FREE_CONNECTION
  '209', // SOCKET_TIMEOUT
  '210', // NETWORK_ERROR
  '241', // MEMORY_LIMIT_EXCEEDED
  '242', // TABLE_IS_READ_ONLY (replica lost its Keeper session)
  '252', // TOO_MANY_PARTS (merges are behind; back off)
  '279', // ALL_CONNECTION_TRIES_FAILED
  '285', // TOO_FEW_LIVE_REPLICAS
  '319', // UNKNOWN_STATUS_OF_INSERT
  '394', // QUERY_WAS_CANCELLED
  '999', // KEEPER_EXCEPTION
]);

const TRANSIENT_CLIENT_MESSAGES: readonly RegExp[] = [
  /socket hang up/i,
  /Timeout error/i, // @clickhouse/client request_timeout
  /ECONNRESET|ECONNREFUSED/,
];

/** True when the same ClickHouse request may succeed if retried later. */
export function isTransientClickHouseError(err: unknown): boolean {
  for (const e of errorChain(err)) {
    const code = errorCode(e);
    if (
      code !== undefined &&
      (TRANSIENT_CLICKHOUSE_CODES.has(code) || TRANSIENT_SOCKET_CODES.has(code))
    )
      return true;
    if (TRANSIENT_CLIENT_MESSAGES.some((re) => re.test(errorMessage(e)))) return true;
  }
  return false;
}
