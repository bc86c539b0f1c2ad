import type { AvroRecordSchema } from './avro-schema';
import { backwardIncompatibility } from './compat';
import { TOPIC_DEFINITIONS, TOPICS } from './index';

const v1: AvroRecordSchema = {
  type: 'record',
  name: 'Thing',
  namespace: 'io.issuestream.test',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'count', type: 'int' },
  ],
};

function withFields(fields: AvroRecordSchema['fields']): AvroRecordSchema {
  return { ...v1, fields: [...v1.fields, ...fields] };
}

describe('backwardIncompatibility', () => {
  it.each(TOPICS)('accepts %s against itself', (topic) => {
    expect(
      backwardIncompatibility(TOPIC_DEFINITIONS[topic].schema, TOPIC_DEFINITIONS[topic].schema),
    ).toBeNull();
  });

  it('accepts a new optional field with a default', () => {
    expect(
      backwardIncompatibility(
        withFields([{ name: 'note', type: ['null', 'string'], default: null }]),
        v1,
      ),
    ).toBeNull();
  });

  it('accepts a new json field with a default, and widening int to long', () => {
    const next: AvroRecordSchema = {
      ...v1,
      fields: [
        { name: 'id', type: 'string' },
        { name: 'count', type: 'long' },
        { name: 'extra', type: { type: 'string', logicalType: 'json' }, default: '{}' },
      ],
    };
    expect(backwardIncompatibility(next, v1)).toBeNull();
  });

  it('accepts removing a field', () => {
    expect(backwardIncompatibility({ ...v1, fields: [v1.fields[0]] }, v1)).toBeNull();
  });

  it('rejects a new required field', () => {
    expect(backwardIncompatibility(withFields([{ name: 'note', type: 'string' }]), v1)).toMatch(
      /no matching field for default-less .*Thing\.note/,
    );
  });

  it('rejects a changed type', () => {
    const next = { ...v1, fields: [{ name: 'id', type: 'int' }, v1.fields[1]] };
    expect(backwardIncompatibility(next, v1)).toMatch(/cannot read/);
  });

  it('rejects a removed union branch of a topic', () => {
    const occurrences = TOPIC_DEFINITIONS['ingest-occurrences'].schema as AvroRecordSchema[];
    expect(backwardIncompatibility([occurrences[0]], occurrences)).toMatch(/cannot read/);
  });

  it('reports an invalid schema', () => {
    expect(
      backwardIncompatibility(
        { type: 'record', name: 'X', fields: [{ name: 'a', type: 'nope' }] },
        v1,
      ),
    ).toMatch(/new schema is invalid/);
  });
});
