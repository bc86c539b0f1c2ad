import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { bundle } from './bundle';
import { appManifest, pinnedDependencies, pruneLock, type PackageJson, type PackageLock } from './prune-manifest';

export interface BuildAppOptions {
  /** The TypeScript entry point, relative to the workspace root. */
  entry: string;
  /** Output directory; emptied first. */
  outDir: string;
  workspaceRoot: string;
  /**
   * Packages that a dependency loads by name at run time, so the bundle never
   * imports them (e.g. Nest's default HTTP adapter, @nestjs/platform-express).
   */
  runtimePackages?: readonly string[];
}

export interface BuiltApp {
  outDir: string;
  dependencies: Record<string, string>;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const writeJson = (file: string, value: unknown) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

/** Bundles one app into `outDir/main.js` with the package.json and lockfile its production install needs. */
export async function buildApp(options: BuildAppOptions): Promise<BuiltApp> {
  const { workspaceRoot } = options;
  const outDir = path.resolve(workspaceRoot, options.outDir);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const { packages } = await bundle(options.entry, path.join(outDir, 'main.js'), workspaceRoot);
  const root = readJson<PackageJson>(path.join(workspaceRoot, 'package.json'));
  const needed = [...new Set([...packages, ...(options.runtimePackages ?? [])])].sort();
  const manifest = appManifest(root, path.basename(outDir), pinnedDependencies(root, needed));
  writeJson(path.join(outDir, 'package.json'), manifest);
  writeJson(path.join(outDir, 'package-lock.json'), pruneLock(readJson<PackageLock>(path.join(workspaceRoot, 'package-lock.json')), manifest));
  return { outDir, dependencies: manifest.dependencies ?? {} };
}
