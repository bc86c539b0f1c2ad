import { ManifestError, pinnedDependencies, pruneLock, type PackageLock } from './prune-manifest';

const lock: PackageLock = {
  name: 'workspace',
  version: '1.0.0',
  lockfileVersion: 3,
  packages: {
    '': { name: 'workspace', version: '1.0.0', dependencies: { web: '1.0.0', db: '2.0.0' }, devDependencies: { tsc: '5.0.0' } },
    'node_modules/web': {
      version: '1.0.0',
      dependencies: { util: '^2.0.0' },
      optionalDependencies: { 'web-linux': '1.0.0', 'web-darwin': '1.0.0' },
      peerDependencies: { core: '*', express: '*' },
      peerDependenciesMeta: { express: { optional: true } },
    },
    'node_modules/web/node_modules/util': { version: '2.0.0' },
    'node_modules/web-linux': { version: '1.0.0', optional: true },
    'node_modules/util': { version: '1.0.0' },
    'node_modules/core': { version: '3.0.0', dependencies: { util: '^1.0.0' } },
    'node_modules/express': { version: '4.0.0' },
    'node_modules/db': { version: '2.0.0' },
    'node_modules/tsc': { version: '5.0.0', dev: true },
  },
};

describe('pruneLock', () => {
  it('keeps what the dependencies reach, resolving nested copies first, with the root entry rewritten', () => {
    const pruned = pruneLock(lock, { name: 'app', version: '1.0.0', dependencies: { web: '1.0.0' } });
    expect(Object.keys(pruned.packages)).toEqual([
      '',
      'node_modules/core',
      'node_modules/util',
      'node_modules/web',
      'node_modules/web-linux',
      'node_modules/web/node_modules/util',
    ]);
    expect(pruned.packages['']).toEqual({ name: 'app', version: '1.0.0', dependencies: { web: '1.0.0' } });
    expect(pruned.packages['node_modules/web']).toBe(lock.packages['node_modules/web']);
  });

  it('leaves out optional peers and other platforms missing from the lockfile, but not a missing dependency', () => {
    const pruned = pruneLock(lock, { name: 'app', version: '1.0.0', dependencies: { web: '1.0.0' } });
    expect(pruned.packages['node_modules/express']).toBeUndefined();
    expect(() => pruneLock(lock, { name: 'app', version: '1.0.0', dependencies: { gone: '1.0.0' } })).toThrow(/no entry for gone/);
  });
});

describe('pinnedDependencies', () => {
  const root = { name: 'workspace', version: '1.0.0', dependencies: { web: '1.0.0', db: '2.0.0' }, devDependencies: { tsc: '5.0.0' } };

  it('takes the exact versions of the root manifest', () => {
    expect(pinnedDependencies(root, ['db'])).toEqual({ db: '2.0.0' });
  });

  it('refuses packages that are not production dependencies, naming them', () => {
    expect(() => pinnedDependencies(root, ['web', 'tsc', 'left-pad'])).toThrow(ManifestError);
    expect(() => pinnedDependencies(root, ['web', 'tsc', 'left-pad'])).toThrow(/tsc, left-pad/);
  });
});
