/** House rules for schemas/*.avsc (see libs/schemas/README.md). */
import type { AvroSchema } from '../avro-schema';
import { loadSchemaSources } from './sources';

const { topicsFile, schemas } = loadSchemaSources();

/** Visits every object node of a schema with its JSON path. */
function walk(
  node: AvroSchema,
  path: string,
  visit: (node: Record<string, unknown>, path: string) => void,
): void {
  if (Array.isArray(node)) {
    node.forEach((branch, i) => walk(branch, `${path}[${i}]`, visit));
    return;
  }
  if (typeof node !== 'object') return;
  visit(node as unknown as Record<string, unknown>, path);
  if (node.type === 'record' || node.type === 'error') {
    for (const field of node.fields) {
      visit(field as unknown as Record<string, unknown>, `${path}.${field.name}`);
      walk(field.type, `${path}.${field.name}`, visit);
    }
  } else if (node.type === 'array') {
    walk(node.items, `${path}[]`, visit);
  } else if (node.type === 'map') {
    walk(node.values, `${path}{}`, visit);
  }
}

describe.each(Object.entries(topicsFile.topics))('schemas/%s', (topic, config) => {
  const schema = schemas.get(config.schema) as AvroSchema;

  it('documents every record and enum', () => {
    const undocumented: string[] = [];
    walk(schema, topic, (node, path) => {
      if (
        (node['type'] === 'record' || node['type'] === 'enum') &&
        typeof node['doc'] !== 'string'
      ) {
        undocumented.push(path);
      }
    });
    expect(undocumented).toEqual([]);
  });

  it('has no default the registry cannot handle', () => {
    // Apicurio fails to detect the artifact type when a default is exactly "{}".
    const bad: string[] = [];
    walk(schema, topic, (node, path) => {
      if (node['default'] === '{}') bad.push(path);
    });
    expect(bad).toEqual([]);
  });

  it('is a record, or a union of records with a discriminator', () => {
    if (Array.isArray(schema)) expect(config.discriminator?.field).toEqual(expect.any(String));
    else expect(typeof schema === 'object' && schema.type).toBe('record');
  });
});
