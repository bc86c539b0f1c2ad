/**
 * `nx build <app>` runs this:
 *
 *   node -r @swc-node/register tools/build/src/cli.ts <entry.ts> <outDir> [--runtime <pkg>,<pkg>]
 *
 * and gets `<outDir>/main.js` (+ source map), `package.json` and
 * `package-lock.json`; `npm ci --omit=dev` there, then `node main.js`.
 */
import * as path from 'node:path';
import { buildApp } from './build-app';

interface CliArgs {
  entry: string;
  outDir: string;
  runtimePackages: string[];
}

function parseArgs(argv: readonly string[]): CliArgs {
  const positional: string[] = [];
  const runtimePackages: string[] = [];
  const rest = [...argv];
  for (let arg = rest.shift(); arg !== undefined; arg = rest.shift()) {
    if (arg === '--runtime') runtimePackages.push(...(rest.shift() ?? '').split(',').filter(Boolean));
    else positional.push(arg);
  }
  const [entry, outDir] = positional;
  if (!entry || !outDir || positional.length > 2) {
    throw new Error('usage: cli.ts <entry.ts> <outDir> [--runtime <package>,<package>]');
  }
  return { entry, outDir, runtimePackages };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const workspaceRoot = path.resolve(__dirname, '../../..');
  const built = await buildApp({ ...args, workspaceRoot });
  const dependencies = Object.keys(built.dependencies);
  console.log(`${path.relative(workspaceRoot, built.outDir)}/main.js: ${dependencies.length} production packages (${dependencies.join(', ')})`);
}

main().catch((error: unknown) => {
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
