// CPU of the Postgres backends that serve one app process: the machine's
// Postgres serves other work too (other benches, tests), so the all-process
// figure alone can mislead.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { Pool } from 'pg';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** user + system CPU ms of every running Postgres process, by pid. */
export function postgresCpuMs(): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(Number(entry), ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS);
    } catch {
      // the process ended between listing and reading
    }
  }
  return cpu;
}

/** Local TCP ports of a process's sockets: matched to pg_stat_activity.client_port they name its Postgres backends. */
function localPorts(pid: number): Set<number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  const ports = new Set<number>();
  for (const table of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns[9] && inodes.has(columns[9])) ports.add(parseInt(columns[1]?.split(':')[1] ?? '', 16));
    }
  }
  return ports;
}

/**
 * CPU ms the app's own Postgres backends spent since `before`. The machine's
 * Postgres serves other work too (other benches, tests), so the all-process
 * figure alone can mislead; backends opened mid-run count from zero.
 */
export async function appBackendsCpuMs(pool: Pool, appPid: number, before: ReadonlyMap<number, number>): Promise<number> {
  const ports = localPorts(appPid);
  const { rows } = await pool.query<{ pid: number; client_port: number }>(`SELECT pid, client_port FROM pg_stat_activity WHERE client_port IS NOT NULL`);
  const after = postgresCpuMs();
  return rows.filter((r) => ports.has(r.client_port)).reduce((sum, r) => sum + (after.get(r.pid) ?? 0) - (before.get(r.pid) ?? 0), 0);
}
