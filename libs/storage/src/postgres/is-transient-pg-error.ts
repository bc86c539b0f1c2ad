import { errorChain, errorCode, errorMessage, TRANSIENT_SOCKET_CODES } from '../shared/error-chain';

/**
 * SQLSTATEs worth retrying unchanged: the server or the connection was
 * unavailable, or the statement lost a race with another transaction. Anything
 * else (constraint violations, syntax, missing relations, bad data) would fail
 * the same way again.
 */
const TRANSIENT_SQLSTATES: ReadonlySet<string> = new Set([
  '57P01', // admin_shutdown (also pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up / recovery)
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available (lock_timeout)
  '57014', // query_canceled, which is what statement_timeout raises
]);

/** Messages pg's client raises itself, without a code, when the socket goes away. */
const TRANSIENT_CLIENT_MESSAGES: readonly RegExp[] = [
  /Connection terminated/i, // "Connection terminated unexpectedly", "... due to connection timeout"
  /timeout exceeded when trying to connect/i, // pool connectionTimeoutMillis
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /terminating connection/i,
];

/**
 * True when retrying the same work later may succeed. The consumer runtime
 * retries these with backoff instead of dead-lettering the message.
 */
export function isTransientPgError(err: unknown): boolean {
  for (const e of errorChain(err)) {
    const code = errorCode(e);
    if (code !== undefined) {
      if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SOCKET_CODES.has(code)) return true;
      // Class 08: connection_exception and its subclasses.
      if (/^08[0-9A-Z]{3}$/.test(code)) return true;
    }
    const message = errorMessage(e);
    if (TRANSIENT_CLIENT_MESSAGES.some((re) => re.test(message))) return true;
  }
  return false;
}
