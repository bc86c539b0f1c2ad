import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '@issuestream/testing';

const run = promisify(execFile);
export const REPO = path.resolve(__dirname, '../../..');

interface ProjectJson {
  targets: { build: { options: { command?: string; commands?: string[] } } };
}

/**
 * The arguments a project's `build` target passes to the build tool, read
 * from its project.json, with the output directory swapped for `outDir`: the
 * test builds exactly what the target builds, without writing to dist/.
 */
export function buildArgs(projectRoot: string, outDir: string): string[] {
  const { options } = (JSON.parse(readFileSync(path.join(REPO, projectRoot, 'project.json'), 'utf8')) as ProjectJson).targets.build;
  const commands = [options.command, ...(options.commands ?? [])].map((c) => c?.replaceAll('{projectRoot}', projectRoot));
  const command = commands.find((c) => c?.includes('tools/build/src/cli.ts'));
  if (!command) throw new Error(`${projectRoot}/project.json: the build target does not run tools/build/src/cli.ts`);
  const args = command.split(/\s+/).slice(1);
  const cli = args.indexOf('tools/build/src/cli.ts');
  args[cli + 2] = outDir;
  return args;
}

export async function buildProject(projectRoot: string, outDir: string): Promise<void> {
  await run(process.execPath, buildArgs(projectRoot, outDir), { cwd: REPO });
}

/** `node main.js` to completion in `dir`, with only the variables given; its output. */
export async function runBuiltTool(dir: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await run(process.execPath, ['main.js'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', ...env } });
  return stdout;
}

/**
 * What the image's dependency stage does, in `dir`: a production-only install
 * at the versions of the lockfile beside the bundle, then the same clean-up.
 * `npm install`, not `npm ci`, for the reason given in tools/bootstrap.mjs.
 */
export async function installProduction(dir: string): Promise<void> {
  // Settings an outer `npm test` exports (npm_config_*) are the workspace's, not this install's.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
  await run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: dir,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  await run('sh', [path.join(REPO, 'tools/build/slim-node-modules.sh'), path.join(dir, 'node_modules')]);
}

export const installedVersion = (dir: string, name: string): string | undefined => {
  const manifest = path.join(dir, 'node_modules', name, 'package.json');
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : undefined;
};

export interface BuiltAppProcess {
  readonly child: ChildProcess;
  output(): string;
  /** The exit code, or the signal that ended the process. */
  readonly exited: Promise<number | string>;
}

/**
 * `node main.js` in the app's directory with nothing of the workspace in
 * reach: no loader, no NODE_OPTIONS or NODE_PATH, only the variables given.
 */
export function startBuiltApp(dir: string, env: Record<string, string>): BuiltAppProcess {
  const child = spawn(process.execPath, ['main.js'], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return { child, output: () => output, exited };
}

/** SIGTERM, then the exit code (the apps commit and exit 0). */
export function stopBuiltApp(app: BuiltAppProcess): Promise<number | string> {
  if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGTERM');
  return app.exited;
}

export async function waitUntilReady(name: string, port: number, app: BuiltAppProcess): Promise<number> {
  return waitFor(
    async () => {
      if (app.child.exitCode !== null) throw new Error(`${name} exited with ${app.child.exitCode}: ${app.output().slice(-2000)}`);
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      return response.status === 200 && response.status;
    },
    { timeoutMs: 90000, intervalMs: 250, description: `${name} /readyz 200 (output: ${app.output().slice(-2000)})` },
  );
}

export function freshDir(...parts: string[]): string {
  const dir = path.join(...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
