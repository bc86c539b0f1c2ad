// Process plumbing: detached children with pid files, port checks, waiting,
// log tails and a lock so concurrent `up`s (a developer and the test runner)
// cannot start two brokers on one data dir.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  readSync,
} from 'node:fs';
import { dirname } from 'node:path';
import net from 'node:net';
import { StackError } from './config.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** Marker put on every JVM we start: identifies it as ours and from which stack dir, so a recycled pid is never mistaken for it. */
export const ownerTag = (service, stackDir) => `-Dissuestream.stack=${service}@${stackDir}`;

/** Pid of our running process for `service`, or null; a stale pid file is removed. */
export function ownedPid(pidFile, tag) {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (pid > 0 && isAlive(pid) && cmdline(pid).includes(tag)) return pid;
  rmSync(pidFile, { force: true });
  return null;
}

/** True when something accepts TCP connections on host:port. */
export function portOpen(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((res) => {
    const sock = net.connect({ port, host });
    const done = (v) => {
      sock.destroy();
      res(v);
    };
    sock.setTimeout(timeoutMs, () => done(true)); // a filtered/hung port is still not free
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/** Starts a long-running server in its own session so it outlives this CLI; stdout+stderr go to logFile. */
export function spawnDetached({ command, args, env, cwd, logFile, pidFile }) {
  mkdirSync(dirname(logFile), { recursive: true });
  mkdirSync(dirname(pidFile), { recursive: true });
  const fd = openSync(logFile, 'a');
  writeSync(fd, `\n===== ${new Date().toISOString()} starting: ${command} ${args.join(' ')}\n`);
  try {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', fd, fd] });
    if (!child.pid) throw new StackError(`could not start ${command}`);
    child.unref();
    writeFileSync(pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** SIGTERM the process group, then SIGKILL after timeoutMs. */
export async function stopProcess(pid, timeoutMs, log = () => {}) {
  const signal = (sig) => {
    try {
      process.kill(-pid, sig); // detached => it leads its own group
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) {
    log(`pid ${pid} ignored SIGTERM for ${Math.round(timeoutMs / 1000)}s, sending SIGKILL`);
    signal('SIGKILL');
    while (isAlive(pid)) await sleep(100);
  }
}

/** Runs a command to completion, capturing its output. */
export function run(command, args, { cwd, env, input } = {}) {
  return new Promise((res, rej) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', rej);
    child.on('close', (code) => res({ code, output: out }));
    child.stdin.end(input ?? '');
  });
}

export function lastLines(file, n = 20) {
  if (!existsSync(file)) return `(no log file at ${file})`;
  const size = statSync(file).size;
  const len = Math.min(size, 64 * 1024);
  const buf = Buffer.alloc(len);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, len, size - len);
  } finally {
    closeSync(fd);
  }
  return buf
    .toString('utf8')
    .split('\n')
    .filter((l, i, a) => i < a.length - 1 || l !== '')
    .slice(-n)
    .join('\n');
}

/**
 * Polls probe() until it returns true. Fails early when the process died,
 * and with the log tail on timeout, so the caller sees why.
 */
export async function waitUntilReady({ service, probe, deadline, pid, logFile, intervalMs = 500 }) {
  const startedAt = Date.now();
  for (;;) {
    if (await probe().catch(() => false)) return;
    const failure =
      pid && !isAlive(pid)
        ? `${service} exited during startup`
        : Date.now() > deadline
          ? `${service} did not answer within ${Math.round((deadline - startedAt) / 1000)}s (raise STACK_TIMEOUT_SECONDS if the machine is just slow)`
          : null;
    if (failure) {
      const tail = logFile
        ? `\n--- last 20 lines of ${logFile} ---\n${lastLines(logFile, 20)}\n---`
        : '';
      const still =
        pid && isAlive(pid)
          ? `\n${service} (pid ${pid}) is left starting in the background; \`npm run stack -- down\` stops it`
          : '';
      throw new StackError(`${failure}${logFile ? `; log: ${logFile}` : ''}${tail}${still}`, {
        service,
        logFile,
      });
    }
    await sleep(intervalMs);
  }
}

/** Exclusive lock held by one `up`/`down`/`reset` at a time; a lock left by a dead process is taken over. */
export async function withLock(lockFile, timeoutMs, log, fn) {
  mkdirSync(dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let holder = 0;
      let abandoned = false;
      try {
        holder = Number(readFileSync(lockFile, 'utf8').trim() || 0);
        // An empty file is a holder between create and write, unless it has been empty for a while.
        abandoned = holder ? !isAlive(holder) : Date.now() - statSync(lockFile).mtimeMs > 5000;
      } catch (e) {
        if (e.code === 'ENOENT') continue; // released meanwhile
        throw e;
      }
      if (abandoned) {
        rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new StackError(
          `another stack command (pid ${holder || '?'}) is still running; lock ${lockFile}`,
        );
      if (!told) log(`waiting for another stack command (pid ${holder || '?'}) to finish...`);
      told = true;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockFile, { force: true });
  }
}
