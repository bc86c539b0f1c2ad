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

/** Where libs/testing's browser harness looks for Chromium when CHROME_PATH is not set (keep the two lists equal). */
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * The browser tests drive a headless Chromium. When none is installed and we
 * are root on a machine with apt (CI: a fresh Debian), install Debian's
 * `chromium` package; otherwise say how to, and let the browser tests fail
 * with the same advice (they never skip).
 */
export function ensureChromium() {
  if (process.env.CHROME_PATH || SYSTEM_CHROMIUM.some((file) => existsSync(file))) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!root || !hasApt) {
    console.warn('[issuestream] Chromium is not installed, so the browser tests will fail: install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROME_PATH.');
    return;
  }
  console.log('[issuestream] installing Chromium for the browser tests (apt-get install -y chromium)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // A fresh image has no package lists yet.
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const result = spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env });
  if (result.status !== 0) console.warn('[issuestream] apt-get could not install chromium; the browser tests will fail until it is installed or CHROME_PATH is set.');
}
