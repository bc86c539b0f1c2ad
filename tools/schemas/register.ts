/**
 * Registers every schema in schemas/ under `<topic>-value` with BACKWARD
 * compatibility. Idempotent: an unchanged schema adds no version.
 *
 *   SCHEMA_REGISTRY_URL=http://127.0.0.1:8081/apis/ccompat/v7 \
 *     node -r @swc-node/register tools/schemas/register.ts
 */
import { createCodec } from '../../libs/schemas/src';
import { DEFAULT_REGISTRY_URL } from './registry-url';

async function main(): Promise<void> {
  const registryUrl = process.env['SCHEMA_REGISTRY_URL'] || DEFAULT_REGISTRY_URL;
  const codec = createCodec({ registryUrl });
  const results = await codec.registerAll();
  for (const result of results) {
    console.log(
      `${result.subject}: id ${result.id} (${result.created ? 'registered' : 'unchanged'}), compatibility BACKWARD`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(
    `schema registration failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
