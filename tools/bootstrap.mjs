// Shared first steps of the README commands: install dependencies when
// missing, bring the local stack up, register the Avro schemas. Only Node
// built-ins are imported at top level, because node_modules may not exist yet.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

/**
 * Installs the locked dependency versions when node_modules is missing or
 * older than the lockfile. `npm install` rather than `npm ci`: registries
 * that serve only this platform's native binaries (as this project's build
 * machines do) leave the other platforms' optional packages out of the
 * lockfile, and `npm ci` refuses such a lockfile.
 */
export function installDependencies() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('[issuestream] installing dependencies (npm install from package-lock.json)…');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

/** Starts (or finds running) Kafka, the registry, S3Mock, Postgres and Redis; returns their connection settings. */
export async function startStack() {
  const { up } = await import('../deploy/local/stack.mjs');
  const { stackEnv } = await import('../deploy/local/stack-env.mjs');
  await up();
  return stackEnv();
}

export function registerSchemas(env) {
  run('npx', ['nx', 'run', 'schemas:register', '--skip-nx-cache'], { env: { ...process.env, ...env } });
}
