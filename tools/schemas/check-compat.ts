/**
 * Fails when a schema in schemas/ is not BACKWARD compatible with
 * - its last committed version (`git show HEAD:schemas/<file>`, checked locally with avsc), and
 * - the latest version registered under `<topic>-value` (ccompat compatibility endpoint).
 *
 *   node -r @swc-node/register tools/schemas/check-compat.ts [--offline] [--require-registry] [--rev <git revision>]
 *
 * Without --require-registry an unreachable registry is reported and skipped.
 */
import { RegistryApi, SchemaRegistryError } from '../../libs/schemas/src';
import {
  checkAgainstGit,
  checkAgainstRegistry,
  CompatFinding,
} from '../../libs/schemas/src/tooling/compat-check';
import { loadSchemaSources } from '../../libs/schemas/src/tooling/sources';
import { DEFAULT_REGISTRY_URL } from './registry-url';

function print(findings: CompatFinding[]): boolean {
  let ok = true;
  for (const finding of findings) {
    const mark = !finding.checked ? 'skip' : finding.compatible ? 'ok  ' : 'FAIL';
    if (!finding.compatible) ok = false;
    console.log(`${mark} ${finding.against.padEnd(8)} ${finding.file}: ${finding.message}`);
  }
  return ok;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const revIndex = args.indexOf('--rev');
  const revision = revIndex >= 0 ? args[revIndex + 1] : 'HEAD';
  const sources = loadSchemaSources();

  let ok = print(checkAgainstGit(sources, revision));

  if (!args.includes('--offline')) {
    const registryUrl = process.env['SCHEMA_REGISTRY_URL'] || DEFAULT_REGISTRY_URL;
    try {
      ok = print(await checkAgainstRegistry(sources, new RegistryApi(registryUrl))) && ok;
    } catch (error) {
      const unreachable = error instanceof SchemaRegistryError && error.retriable;
      if (!unreachable || args.includes('--require-registry')) throw error;
      console.warn(`skip registry  ${registryUrl} is not reachable: ${error.message}`);
    }
  }
  console.log(ok ? 'all schemas are backward compatible' : 'incompatible schema changes found');
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `compatibility check failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
