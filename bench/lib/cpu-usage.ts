// CPU time spent while the load runs, per process and for the whole machine,
// from /proc (Linux). Wall-clock rates on a shared 2-core machine depend on
// everything else that runs; CPU milliseconds per envelope show where the cost is.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** user + system CPU seconds of a process (all its threads) so far, or of one thread given its stat file. */
function processSeconds(pid: number, statFile = `/proc/${pid}/stat`): number {
  const stat = readFileSync(statFile, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** CPU seconds of every running process with this command name (e.g. all Postgres backends). */
function commandSeconds(command: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === command) total += processSeconds(Number(entry));
    } catch {
      // the process ended between listing and reading
    }
  }
  return total;
}

/**
 * Busy CPU seconds of the whole machine so far (every core), and the seconds
 * the hypervisor gave this VM's cores to others (steal): a loaded host makes
 * every process here slower, which the figures would otherwise hide.
 */
function machineSeconds(): { busy: number; stolen: number } {
  const [, ...values] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return { busy: ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0)) / ticksPerSecond, stolen: (steal ?? 0) / ticksPerSecond };
}

/**
 * user + system CPU seconds of a process's live threads so far, by thread name; the main thread is `main`.
 * Embedded engines name their pools (chDB: ThreadPool, MergeMutate, BgSchPool, …); Node's own helper
 * threads (V8's GC and compiler workers, libuv's pool) are all `node`.
 */
export function threadSeconds(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = tid === String(pid) ? 'main' : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      byName.set(name, (byName.get(name) ?? 0) + processSeconds(Number(tid), `/proc/${pid}/task/${tid}/stat`));
    } catch {
      // the thread ended between listing and reading
    }
  }
  return byName;
}

/** "main 0.18, node 0.06, …" CPU ms per item by thread name between two threadSeconds readings, largest first. */
export function threadCpuPerItem(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>, items: number): string {
  return [...after]
    .map(([name, seconds]): [string, number] => [name, ((seconds - (before.get(name) ?? 0)) * 1000) / items])
    .filter(([, ms]) => ms >= 0.005)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
    .join(', ');
}

export interface CpuSnapshot {
  readonly processes: ReadonlyMap<string, number>;
  readonly machine: { busy: number; stolen: number };
  readonly at: number;
}

/** The given processes plus the machine's Postgres and Redis servers, by command name. */
export function cpuSnapshot(pids: ReadonlyMap<string, number>): CpuSnapshot {
  const processes = new Map([...pids].map(([name, pid]): [string, number] => [name, processSeconds(pid)]));
  processes.set('postgres', commandSeconds('postgres'));
  processes.set('redis', commandSeconds('redis-server'));
  return { processes, machine: machineSeconds(), at: performance.now() };
}

/** "relay 0.41, …; whole machine 2.10 (host steal 3%)" CPU ms per item between two snapshots. */
export function cpuPerItem(before: CpuSnapshot, after: CpuSnapshot, items: number): string {
  const perItem = (seconds: number) => ((seconds * 1000) / items).toFixed(2);
  const parts = [...after.processes].map(([name, seconds]) => `${name} ${perItem(seconds - (before.processes.get(name) ?? 0))}`);
  const cores = availableParallelism();
  const stolen = (after.machine.stolen - before.machine.stolen) / (((after.at - before.at) / 1000) * cores);
  return `${parts.join(', ')}; whole machine ${perItem(after.machine.busy - before.machine.busy)} (host steal ${(stolen * 100).toFixed(0)}% of ${cores} cores)`;
}

/** The local stack's broker, when this checkout started it (`npm run stack -- up`), as an entry for cpuSnapshot. */
export function kafkaBrokerPid(): Array<[string, number]> {
  try {
    return [['kafka broker', Number(readFileSync(path.join(__dirname, '../../.stack/run/kafka.pid'), 'utf8').trim())]];
  } catch {
    return [];
  }
}

/**
 * Milliseconds this machine takes for a fixed single-core task (SHA-256 over
 * 100,000 KiB-sized buffers). The hosts this runs on vary over the day; this
 * tells runs on a slow host from slow code.
 */
export function calibrationMs(): number {
  const block = Buffer.alloc(1024, 1);
  const started = performance.now();
  for (let i = 0; i < 100_000; i += 1) createHash('sha256').update(block).digest();
  return Math.round(performance.now() - started);
}
