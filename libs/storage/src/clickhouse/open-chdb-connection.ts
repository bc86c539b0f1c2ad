import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHDB_MEMORY_PATH } from './clickhouse-defaults';
import { createChdbCompatConnection } from './chdb-compat-connection';

/** Raised when the embedded engine cannot open its data directory; the message says why and what to do. */
export class ChdbOpenError extends Error {
  override readonly name = 'ChdbOpenError';
}

/**
 * Opens the embedded engine at `path`. chDB is a process-wide singleton with
 * two limits that otherwise surface as terse messages:
 * - one data directory per process: a second client at a different path
 *   (':memory:' counts as its own temporary directory) is refused until the
 *   first is closed;
 * - one process per data directory: the engine holds an exclusive lock on
 *   `<path>/status` (which records the holder's PID) while open.
 */
export function openChdbConnection(path: string): ReturnType<typeof createChdbCompatConnection> {
  const target = path === CHDB_MEMORY_PATH ? path : resolve(path);
  if (target !== CHDB_MEMORY_PATH) mkdirSync(target, { recursive: true });
  try {
    return createChdbCompatConnection({ path: target });
  } catch (err) {
    throw explainOpenFailure(target, err);
  }
}

function explainOpenFailure(path: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (/only one active data directory per process/i.test(message)) {
    return new ChdbOpenError(
      `Embedded ClickHouse (chDB) cannot open ${path}: this process already has a chDB client open on another ` +
        'data directory, and chDB binds one directory per process. Close that client first, or point both at the ' +
        `same CLICKHOUSE_PATH. (${message})`,
      { cause: err },
    );
  }
  const holder = path === CHDB_MEMORY_PATH ? undefined : lockHolderPid(path);
  if (holder !== undefined) {
    return new ChdbOpenError(
      `Embedded ClickHouse (chDB) cannot open ${path}: the directory is locked by process ${holder}. ` +
        'Only one process may use a chDB data directory at a time; give each process its own CLICKHOUSE_PATH ' +
        `(tests: ':memory:' or a temporary directory), or run a ClickHouse server and set CLICKHOUSE_URL. (${message})`,
      { cause: err },
    );
  }
  return new ChdbOpenError(`Embedded ClickHouse (chDB) cannot open ${path}: ${message}`, {
    cause: err,
  });
}

/** PID recorded in the engine's status file, if that process is still alive. */
function lockHolderPid(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(join(path, 'status'), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(/^PID:\s*(\d+)/m.exec(text)?.[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: alive but owned by another user, still the holder.
    return (err as { code?: string }).code === 'EPERM' ? pid : undefined;
  }
}
