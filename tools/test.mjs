#!/usr/bin/env node
// The README's test command: install, start the local stack, run every Nx
// project's tests against it, and print one `N passed, N failed` line
// computed from jest's JSON results.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium, installDependencies, registerSchemas, ROOT, startStack } from './bootstrap.mjs';

const resultsDir = join(ROOT, 'dist', 'test-results');

function summarize() {
  const files = existsSync(resultsDir) ? readdirSync(resultsDir).filter((f) => f.endsWith('.json')) : [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of files) {
    const result = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
    passed += result.numPassedTests;
    skipped += result.numPendingTests + (result.numTodoTests ?? 0);
    // A suite that fails to load has no failed tests but is still a failure.
    failed += result.numFailedTests + result.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  }
  return { passed, failed, skipped, projects: files.length };
}

async function main() {
  installDependencies();
  ensureChromium();
  const stack = await startStack();
  const env = { ...process.env, ...stack, FORCE_COLOR: process.env.CI ? '0' : '1' };
  registerSchemas(env);
  rmSync(resultsDir, { recursive: true, force: true });
  const nx = spawnSync('npx', ['nx', 'run-many', '-t', 'test', '--skip-nx-cache', '--outputStyle=stream', ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
    env,
  });
  const { passed, failed, skipped, projects } = summarize();
  console.log(`\n${projects} projects tested`);
  const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  writeFileSync(join(ROOT, 'dist', 'test-summary.txt'), `${line}\n`);
  console.log(line);
  process.exit(nx.status === 0 && failed === 0 && projects > 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(`[issuestream] ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
