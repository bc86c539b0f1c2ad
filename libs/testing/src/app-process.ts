import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { waitFor } from './wait-for';

const repoRoot = path.resolve(__dirname, '../../..');

export interface AppProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process ends. */
  exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Runs an app's TypeScript entry point as a real OS process (so tests can
 * SIGKILL or SIGTERM it) with the same loader `npm start` uses. `nodeArgs`
 * go to node itself (e.g. `--cpu-prof`, which NODE_OPTIONS refuses), `args`
 * to the app (a command such as post-process's `update-user-reports`).
 */
export function startApp(entry: string, env: Record<string, string>, options: { nodeArgs?: readonly string[]; args?: readonly string[] } = {}): AppProcess {
  const args = [...(options.nodeArgs ?? []), '-r', '@swc-node/register', path.join(repoRoot, entry), ...(options.args ?? [])];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, SWC_NODE_PROJECT: path.join(repoRoot, 'tsconfig.base.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, output: () => output, exited, kill: (signal) => child.kill(signal) };
}

/** Resolves once the app answers /readyz on `port`; when it does not in time, the error carries the tail of the app's output. */
export async function waitForAppReady(app: AppProcess, port: number, name: string): Promise<void> {
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, {
    timeoutMs: 90000, description: `${name} ready`, intervalMs: 200,
  }).catch((error: Error) => {
    throw new Error(`${error.message}\n${app.output().slice(-3000)}`);
  });
}

/** Sends the signal unless the app has already ended, then waits for it to exit. */
export async function stopApp(app: AppProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (app && app.child.exitCode === null && app.child.signalCode === null) {
    app.kill(signal);
    await app.exited;
  }
}
