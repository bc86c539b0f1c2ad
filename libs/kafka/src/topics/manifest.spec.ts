import { manifestWith, topicManifest } from './manifest';

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
});
