/**
 * Regenerates libs/schemas/src/generated/ from schemas/*.avsc.
 *
 *   node -r @swc-node/register tools/schemas/generate-types.ts          # write
 *   node -r @swc-node/register tools/schemas/generate-types.ts --check  # fail on drift
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateTypeModules } from '../../libs/schemas/src/tooling/generate-types';
import {
  formatModules,
  GENERATED_DIR,
  loadSchemaSources,
} from '../../libs/schemas/src/tooling/sources';

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const { topicsFile, schemas } = loadSchemaSources();
  const modules = await formatModules(generateTypeModules(topicsFile, schemas));
  const wanted = new Set(modules.map((m) => m.file));
  const existing = readdirSync(GENERATED_DIR, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.generated.ts'))
    .map((entry) => entry.name);

  const drifted: string[] = [];
  for (const module of modules) {
    const file = path.join(GENERATED_DIR, module.file);
    let current: string | null = null;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = null;
    }
    if (current === module.source) continue;
    drifted.push(module.file);
    if (!check) {
      mkdirSync(GENERATED_DIR, { recursive: true });
      writeFileSync(file, module.source);
    }
  }
  for (const stale of existing.filter((name) => !wanted.has(name))) {
    drifted.push(stale);
    if (!check) rmSync(path.join(GENERATED_DIR, stale));
  }

  if (check && drifted.length) {
    console.error(`generated types are out of date: ${drifted.join(', ')}`);
    console.error('run: npx nx run schemas:generate-types');
    return 1;
  }
  console.log(drifted.length ? `updated ${drifted.join(', ')}` : 'generated types are up to date');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
