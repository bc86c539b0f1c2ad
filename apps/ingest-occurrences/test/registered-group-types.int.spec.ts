/**
 * Group types registered by other services (the shared Postgres registry)
 * reach the running consumer without a restart: a type registered after the
 * consumer has looked it up once is accepted on its next occurrence, and a
 * changed noise config takes effect within the type cache's TTL.
 */
import { randomUUID } from 'node:crypto';
import {
  createDefaultRegistry, createOccurrenceProducer, defineGroupType, GroupCategory, GroupTypeStore, type OccurrenceProducer,
} from '@issuestream/issue-platform';
import { waitFor } from '@issuestream/testing';
import { codec, IngestRun } from './ingest-occurrences.harness';

let run: IngestRun;
let store: GroupTypeStore;
let producer: OccurrenceProducer;
// Another service's registry: the consumer's own process-wide one must not learn the type from it.
const theirRegistry = createDefaultRegistry();
const hex = () => randomUUID().replace(/-/g, '');
const type = defineGroupType({
  typeId: 200000 + Math.floor(Math.random() * 1_000_000),
  slug: `shared_${hex().slice(0, 10)}`,
  description: 'Registered by another service',
  category: GroupCategory.PERFORMANCE,
  released: true,
  noiseConfig: { ignoreLimit: 2 },
});

beforeAll(async () => {
  run = new IngestRun();
  await run.start();
  store = await GroupTypeStore.open(run.resources!.pool, { local: theirRegistry });
  producer = createOccurrenceProducer({ producer: run.raw!, codec, registry: theirRegistry, topic: run.topic });
});
afterAll(() => run.stop());

const sighting = (title: string) =>
  producer.produceOccurrence({ projectId: run.projectId, fingerprint: [title], issueTitle: title, type: type.typeId }, { platform: 'other', tags: {} });
const groupTitled = async (title: string) => (await run.groups()).some((g) => g.title === title);

it('dead-letters a type nobody registered, then accepts it once registered, with its noise config', async () => {
  await run.sendJson({
    id: hex(), project_id: run.projectId, fingerprint: ['early'], issue_title: 'early', subtitle: null, type: type.typeId,
    detection_time: Date.now() / 1000, evidence_display: [], event: { event_id: hex(), project_id: run.projectId, platform: 'other', tags: {}, timestamp: new Date().toISOString() },
  });
  const [letter] = await run.deadLetters(1);
  expect(letter!.headers['x-dlq-reason']).toBe('unknown_group_type');

  expect((await store.register(type, { owner: 'another-service' })).outcome).toBe('registered');
  const title = `first ${hex()}`;
  await sighting(title);
  await waitFor(async () => (await run.occurrenceCount()) === 1 || undefined, { description: 'the first sighting processed' });
  expect(await groupTitled(title)).toBe(false); // below the noise limit of 2
  await sighting(title);
  await waitFor(() => groupTitled(title), { description: 'the issue on the second sighting' });
});

it('applies a changed noise config within the cache TTL, without a restart', async () => {
  await store.change(type.typeId, { noiseConfig: { ignoreLimit: 1 } }, { actor: 'admin:test' });
  // Each probe is one sighting of a new fingerprint: it opens an issue only once the consumer uses the new limit of 1.
  await waitFor(
    async () => {
      const title = `probe ${hex()}`;
      const before = await run.occurrenceCount();
      await sighting(title);
      await waitFor(async () => (await run.occurrenceCount()) > before || undefined, { description: 'the probe processed' });
      return groupTitled(title);
    },
    { timeoutMs: 60_000, intervalMs: 200, description: 'an issue from a single sighting' },
  );
});
