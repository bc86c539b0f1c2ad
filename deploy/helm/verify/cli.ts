import { readdirSync } from 'node:fs';
import path from 'node:path';
import { CASES_DIR, HelmVerifyError, runHelm, type RenderCase } from './render';

/**
 * `node -r @swc-node/register deploy/helm/verify/cli.ts [--package DIR]`:
 * helm lint --strict, then helm template with the default values and with
 * each values file in verify/cases/, each object checked against its
 * Kubernetes API type (optionally packaging the chart into DIR).
 * Prints one line per step; exits 1 when any step fails.
 */
function main(): number {
  const packageAt = process.argv.indexOf('--package');
  const packageTo = packageAt >= 0 ? path.resolve(process.argv[packageAt + 1] ?? 'dist/helm') : undefined;
  const files = readdirSync(CASES_DIR).filter((f) => f.endsWith('.yaml')).sort();
  const cases: RenderCase[] = [
    { name: 'default values' },
    ...files.map((f) => ({ name: `cases/${f}`, valuesFiles: [path.join(CASES_DIR, f)] })),
  ];
  const result = runHelm({ lint: true, packageTo, cases });
  let failures = 0;

  const lint = result.lint ?? { failed: true, messages: ['no lint result'] };
  console.log(`helm lint --strict: ${lint.failed ? 'FAILED' : 'ok'}`);
  for (const message of lint.messages) console.log(`  ${message}`);
  if (lint.failed) failures++;
  if (result.package) console.log(`helm package: ${result.package}`);

  for (const { name } of cases) {
    const rendered = result.cases[name] ?? { ok: false as const, error: 'no result' };
    if (!rendered.ok) {
      failures++;
      console.log(`helm template (${name}): FAILED\n  ${rendered.error.replace(/\n/g, '\n  ')}`);
      continue;
    }
    if (rendered.invalid.length > 0) {
      failures++;
      console.log(`helm template (${name}): renders objects Kubernetes would refuse\n  ${rendered.invalid.join('\n  ')}`);
      continue;
    }
    const kinds = new Map<string, number>();
    for (const m of rendered.manifests) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
    const summary = [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ');
    console.log(`helm template (${name}): ok — ${summary}`);
  }
  return failures === 0 ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof HelmVerifyError ? error.message : error);
  process.exitCode = 1;
}
