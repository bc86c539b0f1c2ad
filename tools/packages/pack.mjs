#!/usr/bin/env node
// Builds installable npm packages of a library and the workspace libraries it
// imports, and packs them into tarballs:
//
//   node tools/packages/pack.mjs [--out <dir>] [--stage <dir>] [lib ...]   (default lib: issue-platform)
//
// Each library becomes `@issuestream/<lib>`: CommonJS JavaScript and .d.ts
// files under dist/, an `exports` map, the workspace version, and as
// dependencies exactly the packages its compiled files import (versions from
// the root package.json; sibling libraries by the shared version). Workspace
// aliases need no rewriting: `@issuestream/<lib>` is each package's real name.
// The packages are staged in --stage (default dist/packages)/<lib>/ and packed
// into --out (default <stage>/tarballs); the tarball paths are printed, one a line.
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCOPE = '@issuestream/';
const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const VERSION = rootManifest.version;
const KNOWN = { ...rootManifest.devDependencies, ...rootManifest.dependencies };

// Needed only by a path most users never take; installing it would cost them a large native download.
const OPTIONAL_PEERS = {
  chdb: 'embedded ClickHouse (createClickHouse without CLICKHOUSE_URL) loads it on first use',
};

function parseArgs(argv) {
  const options = { stage: join(ROOT, 'dist/packages'), out: undefined, libs: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') options.out = resolve(argv[++i]);
    else if (argv[i] === '--stage') options.stage = resolve(argv[++i]);
    else options.libs.push(argv[i]);
  }
  if (options.libs.length === 0) options.libs.push('issue-platform');
  return { ...options, out: options.out ?? join(options.stage, 'tarballs') };
}

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));

// Specs, test helpers and build-time tooling (which reads the repository) are not shipped.
const isShipped = (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.split(sep).includes('test') && !file.includes(`${sep}tooling${sep}`);

/** The libraries `roots` import, directly or not, roots included, each before the ones importing it. */
function closure(roots) {
  const ordered = [];
  const visit = (lib, path = []) => {
    if (ordered.includes(lib)) return;
    if (path.includes(lib)) throw new Error(`import cycle: ${[...path, lib].join(' -> ')}`);
    const src = join(ROOT, 'libs', lib, 'src');
    if (!existsSync(src)) throw new Error(`no library libs/${lib}`);
    const imported = new Set();
    for (const file of walk(src).filter(isShipped)) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/from '@issuestream\/([a-z-]+)'/g)) if (name !== lib) imported.add(name);
    }
    imported.forEach((dep) => visit(dep, [...path, lib]));
    ordered.push(lib);
  };
  roots.forEach((root) => visit(root));
  return ordered;
}

/** One tsc run over every library of the closure, with declarations, into a scratch directory. */
function compile(libs, stageDir) {
  const build = join(stageDir, '.build');
  rmSync(build, { recursive: true, force: true });
  mkdirSync(build, { recursive: true });
  const tsconfig = join(build, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.base.json'),
      compilerOptions: {
        rootDir: join(ROOT, 'libs'), outDir: join(build, 'out'), declaration: true, sourceMap: false,
        // The scratch directory may be outside the workspace; type packages still come from the workspace's.
        typeRoots: [join(ROOT, 'node_modules/@types')], types: ['node'],
      },
      files: libs.flatMap((lib) => walk(join(ROOT, 'libs', lib, 'src')).filter(isShipped)),
    }),
  );
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', tsconfig], { stdio: 'inherit' });
  return join(build, 'out');
}

const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
const isBuiltin = (specifier) => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);

/** Bare module specifiers a compiled file imports; fails on relative ones leaving the package. */
function specifiersOf(file, packageDir) {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:require\(|from |import\()["']([^"']+)["']/g)].map((m) => m[1]);
  for (const spec of found.filter((s) => s.startsWith('.'))) {
    const target = resolve(dirname(file), spec);
    if (!target.startsWith(packageDir + sep)) throw new Error(`${relative(ROOT, file)} imports ${spec}, outside its package`);
  }
  return found.filter((s) => !s.startsWith('.') && !isBuiltin(s));
}

function versionOf(name) {
  if (name.startsWith(SCOPE)) return VERSION;
  const version = KNOWN[name];
  if (!version) throw new Error(`${name} is imported but not in the root package.json`);
  return /^\d/.test(version) ? `^${version}` : version;
}

function hasOwnTypes(name) {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'));
  return Boolean(manifest.types || manifest.typings || existsSync(join(ROOT, 'node_modules', name, 'index.d.ts')));
}

/** dependencies / peerDependencies of a staged package, from what its JavaScript requires and its .d.ts files import. */
function dependenciesOf(lib, dist) {
  const files = walk(dist);
  const runtime = new Set(files.filter((f) => f.endsWith('.js')).flatMap((f) => specifiersOf(f, dist).map(packageName)));
  const typed = new Set(files.filter((f) => f.endsWith('.d.ts')).flatMap((f) => specifiersOf(f, dist).map(packageName)));
  const usesNodeTypes = files.some((f) => f.endsWith('.d.ts') && /NodeJS\.|<reference types="node" \/>/.test(readFileSync(f, 'utf8')));
  const dependencies = {};
  const peers = {};
  for (const name of runtime) {
    if (name === `${SCOPE}${lib}`) continue;
    if (OPTIONAL_PEERS[name]) peers[name] = versionOf(name);
    else dependencies[name] = versionOf(name);
  }
  for (const name of typed) {
    if (name === `${SCOPE}${lib}` || peers[name]) continue;
    // Types the published declarations mention must resolve in the consumer's type-check too.
    if (!name.startsWith(SCOPE) && !hasOwnTypes(name) && KNOWN[`@types/${name}`]) dependencies[`@types/${name}`] = versionOf(`@types/${name}`);
    else dependencies[name] ??= versionOf(name);
  }
  if (usesNodeTypes) dependencies['@types/node'] = versionOf('@types/node');
  const sorted = (record) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  return { dependencies: sorted(dependencies), peers: sorted(peers) };
}

function describe(lib) {
  const index = readFileSync(join(ROOT, 'libs', lib, 'src/index.ts'), 'utf8');
  const doc = index.match(/\/\*\*([\s\S]*?)\*\//)?.[1] ?? '';
  const text = doc.replace(/^\s*\* ?/gm, ' ').replace(/\s+/g, ' ').trim();
  return text.replace(new RegExp(`^${SCOPE}${lib}\\s*[—-]\\s*`), '') || `issuestream ${lib}`;
}

function stage(lib, out, stageDir) {
  const dir = join(stageDir, lib);
  rmSync(dir, { recursive: true, force: true });
  const dist = join(dir, 'dist');
  cpSync(join(out, lib, 'src'), dist, { recursive: true });
  const { dependencies, peers } = dependenciesOf(lib, dist);
  const manifest = {
    name: `${SCOPE}${lib}`,
    version: VERSION,
    description: describe(lib),
    license: rootManifest.license,
    engines: rootManifest.engines,
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', require: './dist/index.js', default: './dist/index.js' }, './package.json': './package.json' },
    files: ['dist', 'README.md'],
    dependencies,
    ...(Object.keys(peers).length ? { peerDependencies: peers, peerDependenciesMeta: Object.fromEntries(Object.keys(peers).map((p) => [p, { optional: true }])) } : {}),
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const readme = join(ROOT, 'libs', lib, 'README.md');
  if (existsSync(readme)) cpSync(readme, join(dir, 'README.md'));
  return dir;
}

function main() {
  const { out, stage: stageDir, libs } = parseArgs(process.argv.slice(2));
  const all = closure(libs);
  const compiled = compile(all, stageDir);
  mkdirSync(out, { recursive: true });
  for (const lib of all) {
    const dir = stage(lib, compiled, stageDir);
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: dir, encoding: 'utf8' }));
    console.log(join(out, packed.filename));
  }
}

main();
