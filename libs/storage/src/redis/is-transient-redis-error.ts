import { errorChain, errorCode, errorMessage, TRANSIENT_SOCKET_CODES } from '../shared/error-chain';

/**
 * Error replies Redis sends while it cannot serve the command right now
 * (loading a dataset, running a long script, failing over, resharding).
 * Replies like WRONGTYPE or ERR syntax are permanent.
 */
const TRANSIENT_REPLY_PREFIXES = [
  'LOADING',
  'BUSY',
  'TRYAGAIN',
  'CLUSTERDOWN',
  'MASTERDOWN',
  'READONLY',
];

/** Messages ioredis raises itself when the connection is not usable. */
const TRANSIENT_CLIENT_MESSAGES: readonly RegExp[] = [
  /Connection is closed/i,
  /Reached the max retries per request limit/i, // MaxRetriesPerRequestError
  /Command timed out/i, // commandTimeout
  /Stream isn't writeable/i,
  /connect ETIMEDOUT/i,
];

/** True when the same command may succeed if retried later. */
export function isTransientRedisError(err: unknown): boolean {
  for (const e of errorChain(err)) {
    const code = errorCode(e);
    if (code !== undefined && TRANSIENT_SOCKET_CODES.has(code)) return true;
    if (
      typeof e === 'object' &&
      e !== null &&
      (e as { name?: unknown }).name === 'MaxRetriesPerRequestError'
    )
      return true;
    const message = errorMessage(e);
    if (TRANSIENT_REPLY_PREFIXES.some((p) => message.startsWith(`${p} `) || message === p))
      return true;
    if (TRANSIENT_CLIENT_MESSAGES.some((re) => re.test(message))) return true;
  }
  return false;
}
