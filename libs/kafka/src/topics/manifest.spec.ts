import { manifestWith, topicManifest, withConfigsOf } from './manifest';

describe('topic manifest', () => {
  it('gives every consumed topic a dead-letter topic and Relay topics their limits', () => {
    const names = topicManifest(4, 1).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['ingest-occurrences', 'ingest-occurrences-dlq', 'outcomes']));
    expect(topicManifest(4, 1).find((t) => t.name === 'ingest-feedback-events')?.configs).toMatchObject({ 'compression.type': 'lz4', 'max.message.bytes': '10000000' });
  });

  it('adds renamed topics once, with their DLQs, and nothing for manifest names', () => {
    const specs = manifestWith(2, 1, ['outcomes', 'prod.occurrences', 'prod.occurrences']);
    const extra = specs.slice(topicManifest(2, 1).length).map((t) => t.name);
    expect(extra).toEqual(['prod.occurrences', 'prod.occurrences-dlq']);
  });

  it('gives a renamed topic the configs of the manifest topic it stands for', () => {
    const specs = withConfigsOf(manifestWith(1, 1, ['prod.attachments']), 'prod.attachments', 'ingest-attachments');
    expect(specs.find((t) => t.name === 'prod.attachments')?.configs).toMatchObject({ 'compression.type': 'producer', 'max.message.bytes': '10000000' });
    expect(specs.find((t) => t.name === 'prod.attachments-dlq')?.configs).toMatchObject({ 'compression.type': 'lz4' });
  });
});
