import { rmSync } from 'node:fs';
import type { AppProcess } from '@issuestream/testing';

/** Prints the tail of each app's output: what tells why a failed run failed. */
export function printOutputTails(apps: readonly (readonly [string, AppProcess])[]): void {
  for (const [name, app] of apps) console.error(`${name} output (tail):\n${app.output().slice(-4000)}`);
}

/** Stops the apps and lets go of what the run held (its pool, its scratch directories), whether it finished or failed. */
export async function stopRun(apps: readonly AppProcess[], pool: { end(): Promise<void> }, dirs: readonly string[]): Promise<void> {
  for (const app of apps) app.kill('SIGTERM');
  await Promise.all(apps.map((app) => app.exited));
  await pool.end();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/**
 * Runs a bench and exits with its outcome (0, or 1 after printing the error):
 * clients a run leaves connected would otherwise keep the process alive.
 */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
