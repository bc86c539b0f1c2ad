/**
 * A package.json and package-lock.json for one built app: only the
 * production packages its bundle needs, at the versions the workspace's
 * lockfile pins, so `npm ci --omit=dev` beside the bundle installs exactly
 * what the tests ran with.
 */

export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

export interface PackageLock {
  name: string;
  version: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

export class ManifestError extends Error {}

/** The exact version the root manifest declares for each package, or an error naming the missing ones. */
export function pinnedDependencies(root: PackageJson, packages: readonly string[]): Record<string, string> {
  const declared = root.dependencies ?? {};
  const pinned = Object.fromEntries(packages.flatMap((name) => (declared[name] ? [[name, declared[name]] as const] : [])));
  const missing = packages.filter((name) => !(name in pinned));
  if (missing.length > 0) {
    throw new ManifestError(
      `the bundle requires ${missing.join(', ')}, which package.json does not list under "dependencies" (a production install would not have it)`,
    );
  }
  return pinned;
}

/** Where npm puts `name` as seen from the package installed at `from` (nearest node_modules first). */
function resolveEntry(lock: PackageLock, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (candidate in lock.packages) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** Packages an installed package pulls in: its dependencies, optional ones, and the peers npm installs for it. */
function requiredNames(entry: LockEntry): { name: string; optional: boolean }[] {
  const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => !entry.peerDependenciesMeta?.[name]?.optional);
  return [
    ...Object.keys(entry.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...peers.map((name) => ({ name, optional: false })),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
  ];
}

/** The root lockfile cut down to what `dependencies` reach. */
export function pruneLock(lock: PackageLock, manifest: PackageJson): PackageLock {
  const kept = new Map<string, LockEntry>();
  const queue: { from: string; name: string; optional: boolean }[] = Object.keys(manifest.dependencies ?? {}).map((name) => ({
    from: '',
    name,
    optional: false,
  }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    const location = resolveEntry(lock, next.from, next.name);
    const entry = location === undefined ? undefined : lock.packages[location];
    if (location === undefined || entry === undefined) {
      // Optional packages for other platforms may be absent from the lockfile.
      if (next.optional) continue;
      throw new ManifestError(`package-lock.json has no entry for ${next.name} (needed from ${next.from || 'the app'}); run npm install`);
    }
    if (kept.has(location)) continue;
    kept.set(location, entry);
    for (const required of requiredNames(entry)) queue.push({ from: location, ...required });
  }
  const packages: Record<string, LockEntry> = {
    '': { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies ?? {}, engines: manifest.engines },
  };
  for (const [location, entry] of [...kept].sort(([a], [b]) => (a < b ? -1 : 1))) packages[location] = entry;
  return { name: manifest.name, version: manifest.version, lockfileVersion: lock.lockfileVersion, requires: true, packages };
}

/** The manifest written beside an app's bundle. */
export function appManifest(root: PackageJson, app: string, dependencies: Record<string, string>): PackageJson {
  return {
    name: `${root.name}-${app}`,
    version: root.version,
    private: true,
    description: `${app}, built by nx build ${app}: run with node main.js after npm install --omit=dev`,
    license: root['license'],
    engines: root.engines,
    main: 'main.js',
    scripts: { start: 'node main.js' },
    dependencies,
  };
}
