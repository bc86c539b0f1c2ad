/**
 * The library as another team uses it: packed into tarballs, installed into a
 * fresh project outside the workspace (dependencies from the npm registry),
 * type-checked by a TypeScript consumer, and run by plain `node` against a
 * running ingest-occurrences process: the team's new type opens an issue with
 * its noise config applied, and the issue is resolved.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uniqueName, waitFor } from '@issuestream/testing';
import { RunningIngest } from './running-ingest';

const ROOT = path.resolve(__dirname, '../../..');
const EXAMPLE = path.join(ROOT, 'libs/issue-platform/examples/another-service');
// Kept between runs (like the stack's other downloads), so a rerun installs from disk.
const NPM_CACHE = path.join(ROOT, '.stack/npm-cache');

/** The environment without what `npm test` / `npm run` set for the workspace, so the nested npm acts as in a fresh shell. */
const cleanEnv = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE_PATH' && key !== 'SWC_NODE_PROJECT'));

describe('the packed library, installed into another project', () => {
  const project = mkdtempSync(path.join(tmpdir(), 'queue-watch-'));
  const ingest = new RunningIngest();
  const run = (command: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    execFileSync(command, args, { cwd: project, env: { ...cleanEnv(), ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  beforeAll(async () => {
    // Staged in the temp directory too, so a concurrent `nx run issue-platform:pack` cannot interfere.
    const pack = [path.join(ROOT, 'tools/packages/pack.mjs'), '--stage', path.join(project, 'staged'), '--out', path.join(project, 'tarballs')];
    const tarballs = execFileSync(process.execPath, pack, { encoding: 'utf8' })
      .trim()
      .split('\n');
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'queue-watch', version: '1.0.0', private: true }, null, 2));
    cpSync(EXAMPLE, project, { recursive: true });
    mkdirSync(NPM_CACHE, { recursive: true });
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--cache', NPM_CACHE, ...tarballs]);
    await ingest.start();
  }, 300_000);

  afterAll(async () => {
    await ingest.stop();
    rmSync(project, { recursive: true, force: true });
  });

  it('installs only published files and package names: no workspace paths, aliases resolved by npm', () => {
    const manifest = JSON.parse(run(process.execPath, ['-p', 'JSON.stringify(require("@issuestream/issue-platform/package.json"))'])) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: '@issuestream/issue-platform', exports: { '.': { types: './dist/index.d.ts', require: './dist/index.js' } } });
    expect(run(process.execPath, ['-p', 'require.resolve("@issuestream/schemas")'])).toContain(path.join(project, 'node_modules/@issuestream/schemas/dist/index.js'));
  });

  it('type-checks a TypeScript consumer against the published declarations', () => {
    expect(() => run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'])).not.toThrow();
  });

  it('registers a new type and produces with plain node; ingest-occurrences applies its noise config, then resolves the issue', async () => {
    const typeId = 300000 + Math.floor(Math.random() * 1_000_000);
    const env = {
      DATABASE_URL: ingest.stack.databaseUrl, KAFKA_BROKERS: ingest.stack.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: ingest.stack.schemaRegistryUrl,
      OCCURRENCES_TOPIC: ingest.topic, PROJECT_ID: String(ingest.projectId), TYPE_ID: String(typeId), TYPE_SLUG: uniqueName('queue_backlog'),
    };
    const first = run(process.execPath, ['queue-watch.mjs'], env);
    expect(first).toContain('{"step":"register","outcome":"registered","version":1}');
    expect(first.match(/"step":"occurrence"/g)).toHaveLength(2);

    const [issue] = await waitFor(async () => {
      const issues = await ingest.issues();
      return issues.length === 1 && issues[0]!.status === 1 && issues;
    }, { timeoutMs: 60_000, description: 'a resolved issue' });
    // ignoreLimit 2: the first sighting opened nothing, the second opened the issue on its own.
    expect(issue).toMatchObject({ type: typeId, status: 1, times_seen: '1', priority: 75, title: 'Queue "emails" is backing up' });
    const occurrences = await ingest.occurrences();
    expect(occurrences.map((o) => o.group_id === null).sort()).toEqual([false, true]);

    // A restart of the service: the same declaration registers as a no-op.
    const second = run(process.execPath, ['queue-watch.mjs'], { ...env, QUEUE: 'invoices' });
    expect(second).toContain('{"step":"register","outcome":"unchanged","version":1}');
  });
});
