/**
 * The committed generated modules must be exactly what the generator makes
 * from schemas/ now; if this fails, run `npx nx run schemas:generate-types`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AvroSchema } from '../avro-schema';
import { TOPIC_DEFINITIONS } from '../generated/index.generated';
import { generateTypeModules } from './generate-types';
import { formatModules, GENERATED_DIR, loadSchemaSources } from './sources';

describe('generated types', () => {
  it('match schemas/ (run `npx nx run schemas:generate-types` if not)', async () => {
    const { topicsFile, schemas } = loadSchemaSources();
    const modules = await formatModules(generateTypeModules(topicsFile, schemas));
    const committed = readdirSync(GENERATED_DIR).filter((file) => file.endsWith('.generated.ts'));
    expect(committed.sort()).toEqual(modules.map((m) => m.file).sort());
    for (const module of modules) {
      const onDisk = readFileSync(path.join(GENERATED_DIR, module.file), 'utf8');
      expect({ file: module.file, source: onDisk }).toEqual({
        file: module.file,
        source: module.source,
      });
    }
  });

  it('embed each schema exactly as the .avsc file defines it', () => {
    const { topicsFile, schemas } = loadSchemaSources();
    // The runtime registers and resolves with the embedded copy, so it must not drift either.
    for (const [topic, { schema: file }] of Object.entries(topicsFile.topics)) {
      expect(TOPIC_DEFINITIONS[topic as keyof typeof TOPIC_DEFINITIONS].schema).toEqual(
        schemas.get(file),
      );
    }
  });

  it('refuses type names that clash with the generated topic aliases', () => {
    const clash: AvroSchema = { type: 'record', name: 'TestRecordMessage', fields: [] };
    expect(() =>
      generateTypeModules(
        { topics: { 'test-record': { schema: 'x.avsc' } } },
        new Map([['x.avsc', clash]]),
      ),
    ).toThrow(/reserved/);
  });
});
