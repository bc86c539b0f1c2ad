/**
 * File access for the tools and tests that work on `schemas/` directly: the
 * code generator, the registration script and the compatibility checks.
 * The runtime codec never reads these files; it uses the generated modules.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AvroSchema } from '../avro-schema';
import type { GeneratedModule, TopicsFile } from './generate-types';

/** The repository root (this file lives in libs/schemas/src/tooling). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const SCHEMAS_DIR = path.join(REPO_ROOT, 'schemas');
export const GENERATED_DIR = path.join(REPO_ROOT, 'libs/schemas/src/generated');

export interface SchemaSources {
  topicsFile: TopicsFile;
  /** Schema file name → parsed schema. */
  schemas: Map<string, AvroSchema>;
  /** Schema file name → file text as committed/edited. */
  texts: Map<string, string>;
}

export function loadSchemaSources(schemasDir = SCHEMAS_DIR): SchemaSources {
  const topicsFile = JSON.parse(
    readFileSync(path.join(schemasDir, 'topics.json'), 'utf8'),
  ) as TopicsFile;
  const schemas = new Map<string, AvroSchema>();
  const texts = new Map<string, string>();
  for (const { schema: file } of Object.values(topicsFile.topics)) {
    const text = readFileSync(path.join(schemasDir, file), 'utf8');
    texts.set(file, text);
    try {
      schemas.set(file, JSON.parse(text) as AvroSchema);
    } catch (error) {
      throw new Error(`schemas/${file} is not valid JSON: ${(error as Error).message}`);
    }
  }
  return { topicsFile, schemas, texts };
}

/**
 * The text of a schema file in a git revision, or null when the file does
 * not exist there (a new schema) or the directory is not a git checkout.
 */
export function gitShowSchema(
  file: string,
  revision = 'HEAD',
  repoRoot = REPO_ROOT,
): string | null {
  try {
    return execFileSync('git', ['show', `${revision}:schemas/${file}`], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
}

/**
 * Prettier, run in a child process: its CommonJS entry loads the ESM core
 * with a dynamic import, which Jest's module system cannot do.
 */
const FORMAT_SCRIPT = `
const path = require('node:path');
const prettier = require('prettier');
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', async () => {
  const { modules, outDir } = JSON.parse(input);
  const formatted = await Promise.all(
    modules.map(async (module) => {
      const filepath = path.join(outDir, module.file);
      const options = (await prettier.resolveConfig(filepath)) || {};
      return { file: module.file, source: await prettier.format(module.source, { ...options, filepath }) };
    }),
  );
  process.stdout.write(JSON.stringify(formatted));
});
`;

/** Formats generated modules with the workspace's Prettier settings, so `prettier --write` leaves them alone. */
export async function formatModules(
  modules: GeneratedModule[],
  outDir = GENERATED_DIR,
): Promise<GeneratedModule[]> {
  const output = execFileSync(process.execPath, ['-e', FORMAT_SCRIPT], {
    cwd: REPO_ROOT,
    input: JSON.stringify({ modules, outDir }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output) as GeneratedModule[];
}
