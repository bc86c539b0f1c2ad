import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import * as path from 'node:path';
import { transform, type Options as SwcOptions } from '@swc/core';
import { build, type Metafile, type Plugin } from 'esbuild';

export class BundleError extends Error {}

/**
 * Workspace files (not npm packages) that locate something relative to their
 * own path. Inside the bundle `__dirname` is the output directory, so what
 * such a file looks for beside its source is not there at run time.
 */
export function filesUsingOwnPath(files: ReadonlyMap<string, string>): string[] {
  return [...files].filter(([, source]) => /\b__(dirname|filename)\b|import\.meta\.(url|dirname|filename)/.test(source)).map(([file]) => file);
}

export interface BundleResult {
  /** npm packages the bundle requires at run time (subpaths folded into their package). */
  packages: string[];
}

/**
 * The same TypeScript settings the dev loader and jest use: legacy decorators
 * with emitted design-time metadata, which Nest's dependency injection reads
 * (esbuild's own TypeScript loader does not emit that metadata).
 */
const SWC_OPTIONS: SwcOptions = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

const swcTypeScript: Plugin = {
  name: 'swc-typescript',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const { code } = await transform(source, { ...SWC_OPTIONS, filename: args.path });
      return { contents: code, loader: 'js' };
    });
  },
};

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

/**
 * One CommonJS file per entry: the workspace's own code (the `@issuestream/*`
 * libraries through tsconfig paths) inside, every npm package left to
 * node_modules, so native modules (chdb, lz4-napi) load as installed.
 */
export async function bundle(entry: string, outFile: string, workspaceRoot: string): Promise<BundleResult> {
  const result = await build({
    absWorkingDir: workspaceRoot,
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    tsconfig: path.join(workspaceRoot, 'tsconfig.base.json'),
    plugins: [swcTypeScript],
    // Nest logs and resolves some providers by class name; bundling renames clashing ones.
    keepNames: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  refuseOwnPathLookups(result.metafile, workspaceRoot);
  return { packages: externalPackages(result.metafile) };
}

function refuseOwnPathLookups(metafile: Metafile, workspaceRoot: string): void {
  const workspaceFiles = Object.keys(metafile.inputs).filter((file) => !file.includes('node_modules/'));
  const located = filesUsingOwnPath(new Map(workspaceFiles.map((file) => [file, readFileSync(path.join(workspaceRoot, file), 'utf8')])));
  if (located.length > 0) {
    throw new BundleError(
      `${located.join(', ')} locate files relative to their own path (__dirname, import.meta); in the bundle that path is the output directory, so pass the location in (config) instead`,
    );
  }
}

function externalPackages(metafile: Metafile): string[] {
  const packages = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (imported.external && !isBuiltin(imported.path)) packages.add(packageNameOf(imported.path));
    }
  }
  return [...packages].sort();
}
